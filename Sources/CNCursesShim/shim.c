#include "CNCursesShim.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t termination_signal = 0;
static struct termios saved_modes;
static int saved_modes_valid = 0;
static int terminal_fd = -1;
static char restore_bytes[512];
static size_t restore_length = 0;
static int original_stderr_fd = -1;
static int stderr_log_fd = -1;
static void (*exit_hook)(void) = NULL;
static int atexit_registered = 0;
static volatile sig_atomic_t curses_active = 0;

static const int termination_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };

static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n <= 0) return;
        bytes += n;
        length -= (size_t)n;
    }
}

static void restore_stderr(void);

static void on_termination(int sig) {
    termination_signal = sig;
}

/* Only async-signal-safe calls: write, tcsetattr, dup2, lseek, read, signal, raise. */
static void on_crash(int sig) {
    if (terminal_fd >= 0 && restore_length > 0) {
        write_all(terminal_fd, restore_bytes, restore_length);
    }
    if (terminal_fd >= 0 && saved_modes_valid) {
        tcsetattr(terminal_fd, TCSANOW, &saved_modes);
    }
    restore_stderr();
    signal(sig, SIG_DFL);
    raise(sig);
}

int ncshim_install_handlers(int tty_fd) {
    terminal_fd = tty_fd;
    saved_modes_valid = (tty_fd >= 0 && tcgetattr(tty_fd, &saved_modes) == 0);
    termination_signal = 0;

    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_termination;
    int status = 0;
    for (size_t i = 0; i < sizeof termination_signals / sizeof termination_signals[0]; i++) {
        if (sigaction(termination_signals[i], &action, NULL) != 0) status = -1;
    }
    action.sa_handler = on_crash;
    action.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        if (sigaction(crash_signals[i], &action, NULL) != 0) status = -1;
    }
    return status;
}

void ncshim_uninstall_handlers(void) {
    for (size_t i = 0; i < sizeof termination_signals / sizeof termination_signals[0]; i++) {
        signal(termination_signals[i], SIG_DFL);
    }
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        signal(crash_signals[i], SIG_DFL);
    }
    terminal_fd = -1;
    saved_modes_valid = 0;
    restore_length = 0;
    original_stderr_fd = -1;
    stderr_log_fd = -1;
}

void ncshim_set_restore_sequence(const char *bytes, size_t length) {
    if (length > sizeof restore_bytes) length = sizeof restore_bytes;
    restore_length = 0;
    if (bytes != NULL) memcpy(restore_bytes, bytes, length);
    restore_length = bytes != NULL ? length : 0;
}

void ncshim_set_stderr_redirect(int saved_stderr_fd, int log_fd) {
    original_stderr_fd = saved_stderr_fd;
    stderr_log_fd = log_fd;
}

int ncshim_termination_signal(void) {
    return (int)termination_signal;
}

void ncshim_clear_termination_signal(void) {
    termination_signal = 0;
}

static void restore_stderr(void) {
    if (original_stderr_fd < 0) return;
    dup2(original_stderr_fd, STDERR_FILENO);
    if (stderr_log_fd >= 0) {
        char buffer[4096];
        ssize_t n;
        lseek(stderr_log_fd, 0, SEEK_SET);
        while ((n = read(stderr_log_fd, buffer, sizeof buffer)) > 0) {
            write_all(STDERR_FILENO, buffer, (size_t)n);
        }
    }
    original_stderr_fd = -1;
    stderr_log_fd = -1;
}

/* At exit without an orderly teardown: end curses, then give stderr back. */
static void run_exit_hook(void) {
    if (curses_active && exit_hook != NULL) exit_hook();
    curses_active = 0;
    restore_stderr();
}

void ncshim_register_atexit(void (*hook)(void)) {
    exit_hook = hook;
    if (!atexit_registered) {
        atexit_registered = 1;
        atexit(run_exit_hook);
    }
}

void ncshim_set_curses_active(int active) {
    curses_active = active ? 1 : 0;
}

int ncshim_curses_active(void) {
    return (int)curses_active;
}
