/* Signal-safe terminal restore. Deliberately does not include curses.h. */
#ifndef CNCURSESSHIM_H
#define CNCURSESSHIM_H

#include <stddef.h>

/// Saves the terminal modes of `tty_fd` and installs the signal handlers.
///
/// SIGINT, SIGTERM and SIGHUP only set a flag (read it with
/// `ncshim_termination_signal`). SEGV, BUS, ILL, TRAP, ABRT and FPE write the
/// restore sequence, restore the saved terminal modes, replay the stderr log
/// and re-raise with the default action. Returns 0 on success.
int ncshim_install_handlers(int tty_fd);

/// Removes the handlers and forgets the saved state.
void ncshim_uninstall_handlers(void);

/// Stores (a copy of) the bytes written to the terminal on a crash.
void ncshim_set_restore_sequence(const char *bytes, size_t length);

/// Records stderr redirection: the original stderr descriptor and the log descriptor.
/// On a crash the original stderr is put back and the log is copied to it.
void ncshim_set_stderr_redirect(int saved_stderr_fd, int log_fd);

/// The termination signal received since installation, or 0.
int ncshim_termination_signal(void);

/// Clears the termination flag.
void ncshim_clear_termination_signal(void);

/// Records whether curses owns the screen; the exit hook runs only while it does.
void ncshim_set_curses_active(int active);

/// Whether curses owns the screen (as last recorded).
int ncshim_curses_active(void);

/// Registers `ncshim_run_exit_hook` with atexit once; the hook calls `hook`.
void ncshim_register_atexit(void (*hook)(void));

#endif
