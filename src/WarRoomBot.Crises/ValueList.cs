using System.Collections;

namespace WarRoomBot.Crises;

/// <summary>
/// An immutable list compared by its items, so events holding lists keep record equality.
/// <para>
/// A list is a view of the first <see cref="Count"/> items of an array that the lists grown from one another share.
/// <see cref="Add"/> writes into the array's free room when no list has claimed that slot yet, so a crisis adding its
/// hundredth theory keeps one new item rather than a copy of the hundred. Every command adds to a crisis whose state is
/// kept between commands, so each copy outlived the collector's youngest generation, and copying survivors is what the
/// collector's pauses are made of. A list never sees past its own count, so none sees what a later list added.
/// </para>
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static readonly ValueList<T> Empty = new([]);

    private readonly Shared shared;
    private readonly int count;

    public ValueList(IEnumerable<T> items)
    {
        T[] copy = [.. items];
        shared = new Shared(copy, copy.Length);
        count = copy.Length;
    }

    private ValueList(Shared shared, int count)
    {
        this.shared = shared;
        this.count = count;
    }

    /// <summary>Wraps <paramref name="items"/>, all of them in use: only this class's own copies are passed here.</summary>
    private ValueList(T[] items)
        : this(new Shared(items, items.Length), items.Length)
    {
    }

    public int Count => count;

    public T this[int index] => (uint)index < (uint)count ? shared.Items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    private ReadOnlySpan<T> Items => shared.Items.AsSpan(0, count);

    public bool Equals(ValueList<T>? other) => other is not null && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>
    /// These items and <paramref name="item"/> after them. The first list to add to a shared array's end claims the next
    /// slot; a list added to again from the same count (a decision taken again, a fold that branches) copies instead.
    /// </summary>
    public ValueList<T> Add(T item)
    {
        if (count < shared.Items.Length && Interlocked.CompareExchange(ref shared.Used, count + 1, count) == count)
        {
            shared.Items[count] = item;
            return new(shared, count + 1);
        }

        var grown = new T[Math.Max(4, count * 2)];
        Items.CopyTo(grown);
        grown[count] = item;
        return new(new Shared(grown, count + 1), count + 1);
    }

    /// <summary>These items with <paramref name="item"/> at <paramref name="index"/>, the later ones after it: one copy of the array.</summary>
    public ValueList<T> Insert(int index, T item)
    {
        if (index == count)
            return Add(item);
        var copy = new T[count + 1];
        Items[..index].CopyTo(copy);
        copy[index] = item;
        Items[index..].CopyTo(copy.AsSpan(index + 1));
        return new(copy);
    }

    public ValueList<T> RemoveAt(int index)
    {
        var copy = new T[count - 1];
        Items[..index].CopyTo(copy);
        Items[(index + 1)..].CopyTo(copy.AsSpan(index));
        return new(copy);
    }

    public ValueList<T> SetItem(int index, T item)
    {
        var copy = Items.ToArray();
        copy[index] = item;
        return new(copy);
    }

    /// <summary>
    /// A struct walking the array, which <c>foreach</c> takes over the interface's: the rules walk a crisis's lists on each
    /// command, and through the interface each step was two interface calls on a boxed enumerator.
    /// </summary>
    public Enumerator GetEnumerator() => new(shared.Items, count);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)new ArraySegment<T>(shared.Items, 0, count)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", (IEnumerable<T>)this)}]";

    public struct Enumerator(T[] items, int count)
    {
        private int index = -1;

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < count;
    }

    /// <summary>The array the lists grown from one another share, and how many of its slots some list has claimed.</summary>
    private sealed class Shared(T[] items, int used)
    {
        public readonly T[] Items = items;

        public int Used = used;
    }
}

public static class ValueList
{
    public static ValueList<T> Of<T>(params IEnumerable<T> items) => new(items);
}
