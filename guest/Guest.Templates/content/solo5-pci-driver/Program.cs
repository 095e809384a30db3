using System;
using DriverNamespace;
using Solo5Net.Guest;

/// <summary>
/// Drives the PCI_BASIC device "edu0" (manifest.yml) from an interrupt loop: each step starts work on
/// the device and returns to Solo5.Yield, which wakes when the device's interrupt makes its bit of the
/// ready set, or at the deadline. Steps: 10! on the device, a pattern copied into the device by DMA,
/// copied back into another DMA buffer and compared.
/// Run against hvt-devemu's edu (64 DMA address bits: the DMA window lies above 4 GiB):
///   hvt-devemu edu --socket /tmp/edu.sock --dma-mask-bits 64 &amp;
///   hvt-tender --pci-dev:edu0=vfio-user:/tmp/edu.sock bin/Debug/net10.0/Solo5Driver.hvt
/// or against a real edu bound to vfio-pci: --pci-dev:edu0=DDDD:BB:DD.F.
/// </summary>
public static class Program
{
    private const ulong StepDeadlineNs = 5_000_000_000;
    private const int TransferSize = 256;

    private enum Step { Factorial, DmaToDevice, DmaFromDevice, Done }

    public static int Main(StartInfo start)
    {
        if (Solo5.PciAcquire("edu0", out PciDevice pci) != Solo5Result.Ok)
        {
            Log.Error("edu0 is not attached (hvt-tender --pci-dev:edu0=...)");
            return Solo5.ExitFailure;
        }
        var edu = new EduDevice(pci);
        new LineWriter(stackalloc byte[96]).Append("edu0: identification ").AppendHex(edu.Identification)
            .Append(", DMA window ").Append(pci.Dma.Size / 1024).Append(" KiB\n").WriteToConsole();

        // Device memory for the device to read and write: buffers carved from the DMA window.
        if (pci.EnableBusMastering() != Solo5Result.Ok
            || !pci.Dma.TryAllocate(TransferSize, 64, out DmaBuffer outgoing)
            || !pci.Dma.TryAllocate(TransferSize, 64, out DmaBuffer incoming))
        {
            Log.Error("edu0: no bus mastering or no room in the DMA window");
            return Solo5.ExitFailure;
        }
        for (int i = 0; i < TransferSize; i++) outgoing.Span[i] = (byte)(i * 7 + 1);

        Step step = Step.Factorial;
        edu.StartFactorial(10);
        while (step != Step.Done)
        {
            Solo5.Yield(Solo5.ClockMonotonic() + StepDeadlineNs, out ulong ready);
            if ((ready & pci.ReadyMask) == 0)
            {
                Log.Error("edu0: no interrupt before the deadline");
                return Solo5.ExitFailure;
            }
            uint pending = edu.PendingInterrupts;
            edu.Acknowledge(pending);
            if (step == Step.Factorial && (pending & EduDevice.FactorialDone) != 0)
            {
                new LineWriter(stackalloc byte[64]).Append("edu0: 10! = ").Append(edu.Factorial).Append("\n").WriteToConsole();
                edu.StartDmaToDevice(outgoing.BusAddress, TransferSize);
                step = Step.DmaToDevice;
            }
            else if (step == Step.DmaToDevice && (pending & EduDevice.DmaDone) != 0)
            {
                edu.StartDmaFromDevice(incoming.BusAddress, TransferSize);
                step = Step.DmaFromDevice;
            }
            else if (step == Step.DmaFromDevice && (pending & EduDevice.DmaDone) != 0)
            {
                if (!incoming.Span.SequenceEqual(outgoing.Span))
                {
                    Log.Error("edu0: the DMA round trip changed the data");
                    return Solo5.ExitFailure;
                }
                Solo5.ConsoleWrite("edu0: DMA round trip of 256 bytes ok\n");
                step = Step.Done;
            }
        }
        return Solo5.ExitSuccess;
    }
}
