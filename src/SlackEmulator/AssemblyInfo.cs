using System.Runtime.CompilerServices;

// Lets tests check internal bookkeeping no Web API call exposes, such as waits forgotten when a browser tab closes.
[assembly: InternalsVisibleTo("WarRoomBot.Tests")]
