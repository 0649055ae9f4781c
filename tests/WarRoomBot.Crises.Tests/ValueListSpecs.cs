namespace WarRoomBot.Crises.Tests;

public sealed class ValueListSpecs
{
    private static ValueList<int> Counted(int count)
    {
        var list = ValueList<int>.Empty;
        for (var i = 0; i < count; i++)
            list = list.Add(i);
        return list;
    }

    [Fact]
    public void A_list_added_to_keeps_its_own_items_and_the_new_one_follows_them()
    {
        var three = Counted(3);
        var four = three.Add(3);

        Assert.Equal([0, 1, 2], three);
        Assert.Equal([0, 1, 2, 3], four);
        Assert.Equal(3, three.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => three[3]);
    }

    [Fact]
    public void Two_lists_added_to_the_same_list_each_hold_their_own_item_and_neither_sees_the_other()
    {
        var five = Counted(5);

        var decided = five.Add(100);
        var decidedAgain = five.Add(200);
        var onDecided = decided.Add(101);

        Assert.Equal([0, 1, 2, 3, 4], five);
        Assert.Equal([0, 1, 2, 3, 4, 100], decided);
        Assert.Equal([0, 1, 2, 3, 4, 200], decidedAgain);
        Assert.Equal([0, 1, 2, 3, 4, 100, 101], onDecided);
        Assert.NotEqual(decided, decidedAgain);
    }

    [Fact]
    public void Lists_added_to_one_list_from_many_threads_at_once_each_end_in_their_own_item()
    {
        var shared = Counted(10);
        var added = new ValueList<int>[1000];

        Parallel.For(0, added.Length, i => added[i] = shared.Add(1000 + i));

        Assert.Equal(Enumerable.Range(0, 10), shared);
        for (var i = 0; i < added.Length; i++)
            Assert.Equal([.. Enumerable.Range(0, 10), 1000 + i], added[i]);
    }

    [Fact]
    public void Adding_to_a_long_list_with_room_copies_none_of_its_items()
    {
        // The first add compiles the method; the one measured is the second.
        Counted(1000).Add(-1);
        var next = Counted(1000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var added = next.Add(1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1001, added.Count);
        Assert.InRange(allocated, 0, 64);
    }

    [Fact]
    public void Lists_with_the_same_items_are_equal_however_they_were_built()
    {
        var grown = Counted(6);
        var built = new ValueList<int>([0, 1, 2, 3, 4, 5]);

        Assert.Equal(built, grown);
        Assert.Equal(built.GetHashCode(), grown.GetHashCode());
        Assert.Equal(built, grown.Add(6).RemoveAt(6));
        Assert.Equal(new ValueList<int>([0, 9, 1, 2, 3, 4, 5]), grown.Insert(1, 9));
        Assert.Equal(new ValueList<int>([0, 1, 9, 3, 4, 5]), grown.SetItem(2, 9));
        Assert.Equal("[0, 1, 2, 3, 4, 5]", grown.ToString());
    }
}
