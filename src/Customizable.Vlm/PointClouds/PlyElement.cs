namespace Customizable.Vlm.PointClouds;

/// <summary>One element declared in a PLY header (<c>element vertex 1000</c>) with its properties in file order.</summary>
internal sealed class PlyElement(string name, long count)
{
    public string Name { get; } = name;

    public long Count { get; } = count;

    public List<PlyProperty> Properties { get; } = [];

    public bool HasLists => Properties.Exists(p => p.IsList);

    /// <summary>Bytes of one item in a binary body when there is no list property; the smallest possible size otherwise.</summary>
    public int MinItemBytes => Properties.Sum(p => ScalarTypes.Size(p.IsList ? p.CountType : p.Type));

    public int IndexOf(params string[] names)
    {
        foreach (string name in names)
        {
            int i = Properties.FindIndex(p => !p.IsList && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}
