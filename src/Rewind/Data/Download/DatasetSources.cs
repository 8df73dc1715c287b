namespace Rewind.Data.Download;

/// <summary>
/// The canonical addresses and published checksums of the datasets <c>rewind data get</c> downloads, as torchvision
/// and the datasets' own pages give them: MNIST (LeCun et al. 1998; torchvision's mirror first), Fashion-MNIST
/// (Xiao et al. 2017), CIFAR-10 and CIFAR-100 binary versions (Krizhevsky 2009) and Tiny ImageNet (Le &amp; Yang
/// 2015). ImageNet is not here: it needs an account at image-net.org.
/// </summary>
public static class DatasetSources
{
    private static readonly DatasetSource[] All =
    [
        Idx(DataCatalog.Mnist, "Yann LeCun's MNIST page (mirrored by torchvision)",
            ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
            [
                ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
                ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
                ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
                ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
            ]),
        Idx(DataCatalog.FashionMnist, "Zalando Research",
            ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
             "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"],
            [
                ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 26_421_880),
                ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", 29_515),
                ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", 4_422_102),
                ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", 5_148),
            ]),
        Archive(DataCatalog.Cifar10, "Alex Krizhevsky's CIFAR page (University of Toronto)",
            "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171),
        Archive(DataCatalog.Cifar100, "Alex Krizhevsky's CIFAR page (University of Toronto)",
            "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", 168_513_733),
        Archive(DataCatalog.TinyImageNet, "Stanford CS231n",
            "http://cs231n.stanford.edu/tiny-imagenet-200.zip", "90528d7ca1a48142e341f4ef8d21d0de", 248_100_043),
    ];

    /// <summary>The names of the datasets Rewind can download.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>The published source of dataset <paramref name="name"/>, or null when Rewind cannot download it.</summary>
    public static DatasetSource? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static DatasetSource Idx(string name, string publisher, string[] bases, (string File, string Md5, long Bytes)[] files) =>
        new(name, files.Select(f => new RemoteFile(f.File, bases.Select(b => new Uri(b + f.File)).ToArray(), FileChecksum.Md5(f.Md5), f.Bytes)).ToArray(),
            publisher);

    private static DatasetSource Archive(string name, string publisher, string url, string md5, long bytes) =>
        new(name, [new RemoteFile(Path.GetFileName(new Uri(url).AbsolutePath), [new Uri(url)], FileChecksum.Md5(md5), bytes)], publisher);
}
