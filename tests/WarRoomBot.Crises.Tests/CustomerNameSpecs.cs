using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>Which spellings are one customer, and which are two: the watch list and its button match crises by these.</summary>
public sealed class CustomerNameSpecs
{
    [Theory]
    [InlineData("Acme Retail", "acme retail")]
    [InlineData("Acme Retail", "  ACME   Retail ")]
    [InlineData("Acme Retail", "Acme-Retail")]
    [InlineData("Acme Retail", "Acme Retail, Inc.")]
    [InlineData("Acme Retail", "ACME RETAIL LTD")]
    [InlineData("Acme Retail", "Acme Retail Pty Ltd")]
    [InlineData("Acme Retail", "Acme Retail & Co.")]
    [InlineData("Café Noir", "Cafe Noir S.A.")]
    [InlineData("AT&T", "A.T.&T.")]
    [InlineData("AT&T", "AT and T Inc")]
    [InlineData("Marks & Spencer", "Marks and Spencer plc")]
    public void These_spellings_are_one_customer(string one, string other)
    {
        Assert.True(CustomerName.Comparer.Equals(one, other), $"{one} ({CustomerName.Key(one)}) and {other} ({CustomerName.Key(other)})");
        Assert.Equal(CustomerName.Comparer.GetHashCode(one), CustomerName.Comparer.GetHashCode(other));
    }

    [Theory]
    [InlineData("Acme", "Acme Retail")]
    [InlineData("Acme Retail", "Acme Retail Europe")]
    [InlineData("Globex", "Globe X")]
    [InlineData("Initech", "Initech 2")]
    public void These_are_two_customers(string one, string other)
    {
        Assert.False(CustomerName.Comparer.Equals(one, other), $"{one} ({CustomerName.Key(one)}) and {other} ({CustomerName.Key(other)})");
    }

    [Fact]
    public void A_name_that_is_only_a_company_form_or_punctuation_is_still_a_name()
    {
        Assert.Equal("inc", CustomerName.Key(" Inc. "));
        Assert.Equal("--", CustomerName.Key(" -- "));
        Assert.False(CustomerName.Comparer.Equals("--", "++"));
    }
}
