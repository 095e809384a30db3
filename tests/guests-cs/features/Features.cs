using System;
using Solo5Net.Guest;
using Solo5Net.Runtime;

namespace Solo5Net.Tests.Guests
{
    /// <summary>
    /// Exercises what Guest.Runtime supports: classes with virtual and interface calls, casts,
    /// generics, structs, spans, delegates and lambdas, boxing, static constructors, strings and
    /// number formatting, arrays of references, arenas and pools. Prints one line per check and
    /// SUCCESS. With a command line it instead fails on purpose, to show how failures end a guest:
    /// "throw", "bounds", "null", "cast", "oom", "failfast", "smash" (stack buffer overflow).
    /// </summary>
    public static class Features
    {
        private static int s_failures;

        public static int Main(StartInfo start)
        {
            switch (start.CommandLine)
            {
                case "throw": throw new InvalidOperationException("thrown on purpose");
                case "bounds": return Index(new int[2], 5);
                case "null": return ((Shape)null).Sides;
                case "cast": return ((Square)(object)new Circle(1)).Sides;
                case "oom": for (int i = 0; ; i++) Keep(new byte[1 << 20]); 
                case "failfast": FailFast.Fail("fail-fast on purpose"); return 1;
                case "smash": return Smash();
            }

            Shape[] shapes = { new Square(3), new Circle(2), new Square(1) };
            int area = 0, sides = 0;
            foreach (Shape s in shapes) { area += s.Area(); sides += s.Sides; }
            Check("virtual calls", area == 9 + 12 + 1 && sides == 8);

            INamed named = shapes[1];
            Check("interface call", named.Name == "circle");
            object o = shapes[0];
            Check("class cast", o is Square && !(o is Circle) && (o as Shape) != null);
            Check("interface cast", o is INamed n && n.Name == "square");

            var stack = new Stack<string>(4);
            stack.Push("a"); stack.Push("b");
            Check("generic class", stack.Pop() == "b" && stack.Count == 1);
            Check("generic method", Max(3, 7) == 7 && Max(9UL, 2UL) == 9UL);
            var pair = new Pair<int, string>(5, "five");
            Check("generic struct", pair.First == 5 && pair.Second == "five");

            Func<int, int> twice = x => x * 2;
            int captured = 10;
            Func<int, int> addCaptured = x => x + captured;
            Action<int> store = x => captured = x;
            store(32);
            Check("delegates and closures", twice(21) == 42 && addCaptured(0) == 32 && Apply(Square.Double, 4) == 8);

            object boxed = 42;
            Check("boxing", boxed is int && (int)boxed == 42);

            Span<int> numbers = stackalloc int[8];
            for (int i = 0; i < numbers.Length; i++) numbers[i] = i * i;
            int sum = 0;
            foreach (int v in numbers.Slice(2, 3)) sum += v;
            Check("span", sum == 4 + 9 + 16);

            string text = "id=" + 1234.ToString() + " neg=" + (-56L).ToString();
            Check("strings", text == "id=1234 neg=-56" && text.Length == 15 && text.Substring(3, 4) == "1234" && text.IndexOf('n') == 8);
            Check("switch on string", Classify("beta") == 2);

            Check("static constructor", Registry.Count == 3 && Registry.Names[2] == "gamma");

            var arena = new Arena(4096);
            Span<byte> a = arena.AllocateSpan(100), b = arena.AllocateSpan(100);
            a[0] = 1; b[0] = 2;
            arena.Reset();
            Check("arena", arena.Used == 0 && arena.AllocateSpan(10)[0] == 0);

            var pool = new BufferPool(2, 64);
            int r1 = pool.Rent(), r2 = pool.Rent();
            Check("buffer pool", r1 != r2 && pool.Rent() == -1 && pool.Available == 0);
            pool.Return(r1);

            ulong before = Heap.Used;
            var list = new Square[16];
            for (int i = 0; i < list.Length; i++) list[i] = new Square(i);
            Keep(list);   // escapes: must come from the heap (the JIT may stack-allocate the rest)
            Check("heap", Heap.Used > before && list[15].Area() == 225);

            var big = new byte[64 * 1024];
            var copy = new byte[64 * 1024];
            big[12345] = 7;
            ulong t0 = Solo5.ClockMonotonic();
            big.AsSpan().CopyTo(copy);
            ulong t1 = Solo5.ClockMonotonic();
            Span<byte> timing = stackalloc byte[64];
            new LineWriter(timing).Append("copy of 64 KiB took ").Append((t1 - t0) / 1000).Append(" us\n").WriteToConsole();
            Check("block copy", copy[12345] == 7);
            byte[] overlap = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
            overlap.AsSpan(0, 9).CopyTo(overlap.AsSpan(2));     // destination after source: copies backward
            bool forwardOk = overlap[2] == 1 && overlap[10] == 9;
            overlap.AsSpan(2, 9).CopyTo(overlap);                // destination before source: copies forward
            Check("overlapping copies", forwardOk && overlap[0] == 1 && overlap[8] == 9);
            new Span<byte>(copy).Fill(0x5A);
            Check("fill", copy[0] == 0x5A && copy[65535] == 0x5A && copy[777] == 0x5A);

            ulong used = Heap.Used;
            Span<byte> line = stackalloc byte[64];
            for (int i = 0; i < 10; i++)
            {
                var w = new LineWriter(line);
                w.Append("item ").Append((long)i).AppendHex((ulong)i * 4096);
                if (w.Written.Length == 0) s_failures++;
            }
            Check("allocation-free loop", Heap.Used == used);

            // UTF-8 literals, hex and decimal straight into the buffer, and cutting at its end.
            Span<byte> small = stackalloc byte[12];
            Check("line writer",
                new LineWriter(line).Append("x="u8).AppendHex(0x1234abcd).Append(" "u8).AppendHex(0xfedcba9876543210).Written
                    .SequenceEqual("x=0x1234abcd 0xfedcba9876543210"u8)
                && new LineWriter(line).Append(-42L).Append(" "u8).Append(ulong.MaxValue).Append(" "u8).Append(0L).Written
                    .SequenceEqual("-42 18446744073709551615 0"u8)
                && new LineWriter(line).AppendHex(5, 4).Append("|"u8).AppendHex(0).Append("|"u8).AppendHex(0x100000000).Written
                    .SequenceEqual("0x0005|0x0|0x100000000"u8)
                && new LineWriter(small).Append("abcdef"u8).AppendHex(0x123456789).Written.SequenceEqual("abcdef0x1234"u8)
                && new LineWriter(small).Append("abcdefghij"u8).Append(12345UL).Written.SequenceEqual("abcdefghij12"u8));

            // Block moves of 1-16 bytes (loads before stores), overlapping either way.
            bool smallOk = true;
            for (int size = 1; size <= 17; size++)
            {
                byte[] forward = new byte[20], backward = new byte[20];
                for (int i = 0; i < 20; i++) forward[i] = backward[i] = (byte)(i + 1);
                forward.AsSpan(0, size).CopyTo(forward.AsSpan(2));     // destination after source
                backward.AsSpan(2, size).CopyTo(backward);             // destination before source
                for (int i = 0; i < size; i++) smallOk &= forward[2 + i] == i + 1 && backward[i] == i + 3;
                // Bytes next to the copied range stay as they were.
                smallOk &= forward[0] == 1 && forward[1] == 2 && forward[size + 2] == size + 3 && backward[size] == size + 1;
            }
            Check("small copies", smallOk);

            if (s_failures != 0) { Solo5.ConsoleWrite("FAILURE\n"); return Solo5.ExitFailure; }
            Solo5.ConsoleWrite("SUCCESS\n");
            return Solo5.ExitSuccess;
        }

        private static void Check(string what, bool ok)
        {
            Solo5.ConsoleWrite((ok ? "ok   " : "FAIL ") + what + "\n");
            if (!ok) s_failures++;
        }

        private static int Index(int[] array, int i) => array[i];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static unsafe int Smash()
        {
            byte* buffer = stackalloc byte[16];
            for (int i = 0; i < 64; i++) buffer[i] = 0xAA;   // past the end: overwrites the stack guard
            return buffer[3];
        }
        private static object s_kept;
        private static void Keep(object o) => s_kept = o;
        private static T Max<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;
        private static int Apply(Func<int, int> f, int x) => f(x);

        private static int Classify(string s) => s switch { "alpha" => 1, "beta" => 2, "gamma" => 3, _ => 0 };

        private interface INamed { string Name { get; } }

        private abstract class Shape : INamed
        {
            public abstract int Area();
            public virtual int Sides => 0;
            public abstract string Name { get; }
        }

        private sealed class Square : Shape
        {
            private readonly int _side;
            public Square(int side) { _side = side; }
            public override int Area() => _side * _side;
            public override int Sides => 4;
            public override string Name => "square";
            public static int Double(int x) => x * 2;
        }

        private sealed class Circle : Shape
        {
            private readonly int _radius;
            public Circle(int radius) { _radius = radius; }
            public override int Area() => 3 * _radius * _radius;   // integers only: no floating point in guests
            public override string Name => "circle";
        }

        private sealed class Stack<T>
        {
            private readonly T[] _items;
            public Stack(int capacity) { _items = new T[capacity]; }
            public int Count { get; private set; }
            public void Push(T item) => _items[Count++] = item;
            public T Pop() => _items[--Count];
        }

        private readonly struct Pair<TA, TB>
        {
            public Pair(TA first, TB second) { First = first; Second = second; }
            public TA First { get; }
            public TB Second { get; }
        }

        private static class Registry
        {
            public static readonly string[] Names;
            public static int Count => Names.Length;
            static Registry() { Names = new[] { "alpha", "beta", Classify("gamma") == 3 ? "gamma" : "?" }; }
        }
    }
}
