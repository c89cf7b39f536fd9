using ImagePin.Audit.Layers;

namespace ImagePin.Audit.Packages;

/// <summary>An image's release and installed OS packages, parsed from the files the layer reader found.</summary>
internal sealed record ImageInventory(OsRelease? Release, IReadOnlyList<InstalledPackage> Packages)
{
    /// <exception cref="PackageDatabaseException">A found database is over the parsers' bounds.</exception>
    public static ImageInventory From(ImageFiles files)
    {
        var release = files.OsRelease is { } osRelease ? OsReleaseParser.Parse(osRelease) : null;
        var packages = new List<InstalledPackage>();
        if (files.DpkgStatus is { } status) packages.AddRange(DpkgStatusParser.Parse(status, statusRequired: true));
        foreach (var file in files.DpkgStatusD)
            packages.AddRange(DpkgStatusParser.Parse(file.Content, statusRequired: false, file.Path));
        if (files.ApkInstalled is { } apk) packages.AddRange(ApkInstalledParser.Parse(apk));
        TextLimits.CheckCount(packages.Count, "the image");
        return new ImageInventory(release, packages);
    }
}
