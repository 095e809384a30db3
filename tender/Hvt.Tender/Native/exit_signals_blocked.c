/* Linked into the native hvt-tender only (Hvt.Tender.csproj). Runs before the NativeAOT runtime
   starts, so that every thread the runtime creates (its finalizer thread) inherits SIGINT and
   SIGTERM blocked: the tender reads them from a signalfd (ExitSignalFd.cs), and a thread that left
   them unblocked would take them with their default action instead. */
#include <signal.h>
#include <stddef.h>

__attribute__((constructor)) static void block_exit_signals(void)
{
    sigset_t exit_signals;
    sigemptyset(&exit_signals);
    sigaddset(&exit_signals, SIGINT);
    sigaddset(&exit_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &exit_signals, NULL);
}
