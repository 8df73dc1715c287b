namespace Rewind.Models;

/// <summary>How a ResNet block whose shape changes (stride 2 or more channels) carries its input to the sum.</summary>
public enum ResNetShortcut
{
    /// <summary>He et al. (2016) option A, their CIFAR choice: take every second pixel and pad the new channels with
    /// zeros. No parameters (ResNet-20 then has 0.27 M parameters).</summary>
    ZeroPadIdentity,

    /// <summary>A 1×1 convolution with the block's stride, then BatchNorm (option B; torchvision's and Paper A's
    /// <c>downsample.0</c>/<c>downsample.1</c>). Its weight is prunable.</summary>
    Projection,
}
