namespace Solo5Net.Interop;

/// <summary>
/// Owns what a multi-step set-up acquires (descriptors, mappings, devices) until the whole set-up has
/// succeeded: disposing the scope without <see cref="Commit"/> disposes them in reverse order, so a
/// failing step needs no clean-up code of its own. <see cref="Commit"/> hands them to the object the
/// set-up built, which disposes them from then on.
/// </summary>
public sealed class SetupScope : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Owns <paramref name="item"/> until <see cref="Commit"/>; returns it.</summary>
    public T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    /// <summary>The set-up succeeded: nothing is disposed here any more.</summary>
    public void Commit() => _owned.Clear();

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
