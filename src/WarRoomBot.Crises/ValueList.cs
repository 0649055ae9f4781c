using System.Collections;

namespace WarRoomBot.Crises;

/// <summary>An immutable list compared by its items, so events holding lists keep record equality.</summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static readonly ValueList<T> Empty = new([]);

    private readonly T[] items;

    public ValueList(IEnumerable<T> items) => this.items = [.. items];

    /// <summary>Takes <paramref name="items"/> as they are: only this class's own copies are passed here.</summary>
    private ValueList(T[] items) => this.items = items;

    public int Count => items.Length;

    public T this[int index] => items[index];

    public bool Equals(ValueList<T>? other) => other is not null && items.AsSpan().SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>
    /// A struct walking the array, which <c>foreach</c> takes over the interface's: the clock walks every deadline of a
    /// crisis on each command, and through the interface each step was two interface calls on a boxed enumerator.
    /// </summary>
    public Enumerator GetEnumerator() => new(items);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    /// <summary>
    /// These items with <paramref name="item"/> at <paramref name="index"/>, the later ones after it: one copy of the
    /// array, where a fold's <c>[.. list, item]</c> and <c>Select</c> walked every item, of a crisis's hundreds, on every event.
    /// </summary>
    public ValueList<T> Insert(int index, T item)
    {
        var copy = new T[items.Length + 1];
        items.AsSpan(0, index).CopyTo(copy);
        copy[index] = item;
        items.AsSpan(index).CopyTo(copy.AsSpan(index + 1));
        return new(copy);
    }

    public ValueList<T> Add(T item) => Insert(items.Length, item);

    public ValueList<T> RemoveAt(int index)
    {
        var copy = new T[items.Length - 1];
        items.AsSpan(0, index).CopyTo(copy);
        items.AsSpan(index + 1).CopyTo(copy.AsSpan(index));
        return new(copy);
    }

    public ValueList<T> SetItem(int index, T item)
    {
        var copy = (T[])items.Clone();
        copy[index] = item;
        return new(copy);
    }

    public override string ToString() => $"[{string.Join(", ", items)}]";

    public struct Enumerator(T[] items)
    {
        private int index = -1;

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < items.Length;
    }
}

public static class ValueList
{
    public static ValueList<T> Of<T>(params IEnumerable<T> items) => new(items);
}
