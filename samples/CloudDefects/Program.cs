// Writes an Anomaly-ShapeNet-layout category generated from one real scan, for `cvlm eval --dataset <root> --category <name>`:
//   dotnet run -c Release --project samples/CloudDefects -- <scan> <root> <name> [--train N] [--normal-test N] [--per-kind N] [--seed S] [--max-points N]
// <name>/train/templateN.pcd (normal variants), <name>/test/positiveN.pcd (normal) and <name>/test/<kind>N.pcd (dent, bump, hole,
// cut, debris), <name>/GT/<kind>N.txt (x,y,z,label per point). Exit codes: 0 done, 2 bad arguments, 3 unreadable scan.
using System.Globalization;
using System.Numerics;
using Customizable.Vlm;
using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.PointClouds;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: CloudDefects <scan> <root> <name> [--train 4] [--normal-test 10] [--per-kind 4] [--seed 0] [--max-points 40000]");
    return 2;
}

int train = 4, normalTest = 10, perKind = 4, seed = 0, maxPoints = 40_000;
for (int i = 3; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
    {
        Console.Error.WriteLine($"'{args[i]}' needs a whole number.");
        return 2;
    }

    switch (args[i])
    {
        case "--train": train = value; break;
        case "--normal-test": normalTest = value; break;
        case "--per-kind": perKind = value; break;
        case "--seed": seed = value; break;
        case "--max-points": maxPoints = value; break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'.");
            return 2;
    }
}

PointCloud cloud;
try
{
    cloud = new PointCloudReader().Read(args[0]);
}
catch (InvalidObservationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 3;
}

// Large scans are thinned to at most maxPoints by keeping every k-th point (deterministic).
Vector3[] points = cloud.Positions.ToArray();
if (maxPoints > 0 && points.Length > maxPoints)
{
    int step = (points.Length + maxPoints - 1) / maxPoints;
    points = [.. points.Where((_, i) => i % step == 0)];
}

try
{
    string folder = AnomalyShapeNetWriter.Write(args[1], args[2], points, train, normalTest, perKind, seed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: {train} train, {normalTest} normal test, {perKind} per defect kind, from {points.Length:N0} of {cloud.Count:N0} points of {args[0]}"));
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
