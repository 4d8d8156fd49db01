/* Header-only bridge to ncursesw. The only module that declares curses. */
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* Must precede curses.h: enables cchar_t, get_wch, add_wch, setcchar. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift 6 rejects mutable C globals: read them through accessors. */
static inline WINDOW *nc_stdscr(void) { return stdscr; }
static inline int nc_colors(void) { return COLORS; }
static inline int nc_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *nc_stdout(void) { return stdout; }
static inline FILE *nc_stdin(void) { return stdin; }

/* Macros Swift does not import. */
static inline attr_t nc_a_normal(void) { return A_NORMAL; }
static inline attr_t nc_a_bold(void) { return A_BOLD; }
static inline attr_t nc_a_dim(void) { return A_DIM; }
static inline attr_t nc_a_reverse(void) { return A_REVERSE; }
static inline attr_t nc_a_underline(void) { return A_UNDERLINE; }
static inline int nc_key_f(int n) { return KEY_F(n); }
static inline mmask_t nc_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t nc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nc_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t nc_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t nc_button4_pressed(void) { return BUTTON4_PRESSED; }
#if defined(BUTTON5_PRESSED)
static inline mmask_t nc_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t nc_button5_pressed(void) { return 0; }
#endif

/* tigetstr returns (char *)-1 for a capability that is not a string. */
static inline const char *nc_tigetstr(const char *cap) {
    char *s = tigetstr((char *)cap);
    if (s == NULL || s == (char *)-1) return NULL;
    return s;
}

/* The character set of the current locale, e.g. "UTF-8". */
static inline const char *nc_codeset(void) { return nl_langinfo(CODESET); }

#endif
