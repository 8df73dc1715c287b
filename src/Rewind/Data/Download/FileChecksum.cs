using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rewind.Data.Download;

/// <summary>The published checksum of a downloadable file: MD5 (what torchvision and the dataset pages publish) or
/// SHA-256. It detects damaged or incomplete transfers; it is not a security measure.</summary>
/// <param name="Algorithm">"MD5" or "SHA256".</param>
/// <param name="Hex">The digest in lower-case hexadecimal.</param>
public sealed record FileChecksum(string Algorithm, string Hex)
{
    /// <summary>An MD5 checksum.</summary>
    public static FileChecksum Md5(string hex) => new("MD5", Normalise(hex, 32));

    /// <summary>A SHA-256 checksum.</summary>
    public static FileChecksum Sha256(string hex) => new("SHA256", Normalise(hex, 64));

    /// <summary>The same algorithm's digest of <paramref name="path"/>.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "MD5 is what the datasets publish; it checks transfers, not authenticity.")]
    public FileChecksum Of(string path)
    {
        using var stream = File.OpenRead(path);
        byte[] digest = Algorithm == "MD5" ? MD5.HashData(stream) : SHA256.HashData(stream);
        return this with { Hex = Convert.ToHexStringLower(digest) };
    }

    /// <summary>Whether <paramref name="path"/> has this checksum.</summary>
    public bool Matches(string path) => Of(path).Hex == Hex;

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm} {Hex}";

    private static string Normalise(string hex, int length)
    {
        ArgumentNullException.ThrowIfNull(hex);
        string h = hex.Trim().ToLowerInvariant();
        if (h.Length != length || !h.All(Uri.IsHexDigit))
            throw new ArgumentException($"'{hex}' is not a {length}-digit hexadecimal digest.", nameof(hex));
        return h;
    }
}
