// SPDX-License-Identifier: MIT
// Ctrl-C and SIGTERM for kdw's long commands. The first one only sets a flag (and says so on
// standard error); the training callbacks poll it and ask the runs to stop, so a run ends cleanly,
// stored 'cancelled' with its finished epochs. A second one exits at once with 128 + the signal
// (the runs then stay 'running' until a later open of the history marks them 'interrupted').
// The handler does only async-signal-safe work: a store to a sig_atomic_t, write(2), _exit(2).
#pragma once

#include <csignal>
#include <unistd.h>

namespace kdw::cli {

namespace detail {

// The signal that asked for a stop (SIGINT or SIGTERM), 0 while none did.
inline volatile std::sig_atomic_t& stopSignal()
{
    static volatile std::sig_atomic_t signal = 0;
    return signal;
}

extern "C" inline void onStopSignal(int sig)
{
    if (stopSignal() != 0) {
        constexpr char kNow[] = "\nkdw: stopped at once (second interrupt)\n";
        (void)!::write(STDERR_FILENO, kNow, sizeof kNow - 1);
        ::_exit(128 + sig);
    }
    stopSignal() = sig;
    constexpr char kStopping[]
        = "\nkdw: stopping after the current batch; the run is kept as cancelled (press Ctrl-C "
          "again to stop at once)\n";
    (void)!::write(STDERR_FILENO, kStopping, sizeof kStopping - 1);
}

} // namespace detail

// Installs the handlers (once); returns whether a stop was asked for since.
inline bool interrupted()
{
    static const bool installed = [] {
        std::signal(SIGINT, detail::onStopSignal);
        std::signal(SIGTERM, detail::onStopSignal);
        return true;
    }();
    (void)installed;
    return detail::stopSignal() != 0;
}

// The exit code of a command stopped by a signal: 128 + the signal (130 for Ctrl-C), or 0.
inline int interruptExitCode()
{
    return detail::stopSignal() == 0 ? 0 : 128 + static_cast<int>(detail::stopSignal());
}

} // namespace kdw::cli
