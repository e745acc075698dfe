/* input.c: keys from the terminal, and the test-only sync key. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader/reader_int.h"

/*
 * Test synchronisation. With PLANVIEW_TEST_SYNC set, the reader takes a key of its own,
 * SYNC_SEQUENCE, that no terminal sends: reading it means every key typed before it has
 * been taken (and the screen drawn since), so it answers by setting the terminal title
 * to "planview-sync N COLSxLINES" (N counts the sync keys). A screen test sends it after
 * its keys and waits for the answer, and after a resize waits for the new size: it waits
 * for states, never for time. The title travels in the output after what was drawn, so
 * once the terminal shows it, the screen is there too.
 *
 * PLANVIEW_TEST_SYNC=hold also holds the loading done between keys until the first key is
 * read, so that a test can catch a large plan still loading however slow the machine:
 * without it, a plan may load whole before the test's first key arrives.
 */
#define SYNC_SEQUENCE "\033[9999~"
#define KEY_SYNC (KEY_MAX + 1)

static struct {
	bool on;
	bool hold;        /* no loading between keys until a key is read */
	unsigned count;   /* sync keys read */
	int cols, lines;  /* the size last answered */
} test_sync;

/* Start reading keys: with PLANVIEW_TEST_SYNC set, the sync key too. */
void
input_start(void)
{
	const char *v = getenv("PLANVIEW_TEST_SYNC");

	test_sync.on = v != NULL && *v != '\0';
	test_sync.hold = test_sync.on && strcmp(v, "hold") == 0;
	if (test_sync.on)
		define_key(SYNC_SEQUENCE, KEY_SYNC);
	test_sync.cols = test_sync.lines = -1;
}

static void
sync_answer(void)
{
	char title[64];
	int n;

	test_sync.cols = COLS;
	test_sync.lines = LINES;
	n = snprintf(title, sizeof title, "\033]2;planview-sync %u %dx%d\033\\", test_sync.count,
	    COLS, LINES);
	fflush(stdout);
	if (write(STDOUT_FILENO, title, (size_t)n) != n)
		return; /* the test sees no answer and says so */
}

/* After a draw: a new size is answered once it is on screen. */
void
input_drawn(void)
{
	if (test_sync.on && (COLS != test_sync.cols || LINES != test_sync.lines))
		sync_answer();
}

/* The keys the reader names are ncurses' under KEYC_FKEY: read_key() passes them on as they come. */
_Static_assert(KEYC_DOWN == (KEYC_FKEY | KEY_DOWN) && KEYC_UP == (KEYC_FKEY | KEY_UP) &&
    KEYC_LEFT == (KEYC_FKEY | KEY_LEFT) && KEYC_RIGHT == (KEYC_FKEY | KEY_RIGHT) &&
    KEYC_HOME == (KEYC_FKEY | KEY_HOME) && KEYC_BACKSPACE == (KEYC_FKEY | KEY_BACKSPACE) &&
    KEYC_F0 == (KEYC_FKEY | KEY_F0) && KEYC_DC == (KEYC_FKEY | KEY_DC) &&
    KEYC_NPAGE == (KEYC_FKEY | KEY_NPAGE) && KEYC_PPAGE == (KEYC_FKEY | KEY_PPAGE) &&
    KEYC_BTAB == (KEYC_FKEY | KEY_BTAB) && KEYC_END == (KEYC_FKEY | KEY_END) &&
    KEYC_MOUSE == (KEYC_FKEY | KEY_MOUSE) && KEYC_RESIZE == (KEYC_FKEY | KEY_RESIZE),
    "the key codes of reader.h are ncurses' KEY_* under KEYC_FKEY");

/* Read a key: characters as themselves, ncurses codes with KEYC_FKEY, Escape+x as M-x. */
keycode
input_read(bool busy)
{
	wint_t wc, next;
	int rc;

	timeout(busy ? 0 : 250);
	rc = get_wch(&wc);

	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES && wc == KEY_SYNC) {
		test_sync.count++;
		sync_answer();
		return -1;
	}
	test_sync.hold = false;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\r';
		return KEYC_FKEY | (keycode)wc;
	}
	if (wc == '\n')
		return '\r';
	if (wc == 127 || wc == 8)
		return KEYC_BACKSPACE;
	if (wc == 27) {
		nodelay(stdscr, TRUE);
		rc = get_wch(&next);
		nodelay(stdscr, FALSE);
		timeout(250);
		if (rc == OK && next != 27)
			return KEYC_META | (next == '\n' ? '\r' : (keycode)next);
		if (rc == KEY_CODE_YES && next == KEY_SYNC)
			ungetch(KEY_SYNC); /* Escape alone, then the sync key */
		else if (rc == KEY_CODE_YES)
			return KEYC_META | KEYC_FKEY | (keycode)next;
	}
	return (keycode)wc;
}

/*
 * With the terminal handed over (spawn.c), say msg and wait for a key, in the reader's raw
 * mode, reading the terminal itself: curses would repaint its screen over what is there.
 * The test's sync key is answered, not taken.
 */
void
input_pause(const char *msg)
{
	size_t sl = strlen(SYNC_SEQUENCE);
	char buf[64];
	ssize_t n;

	reset_prog_mode();
	printf("\r\n%s", msg);
	fflush(stdout);
	for (;;) {
		n = read(screen_keys_fd(), buf, sizeof buf);
		if (n < 0 && errno == EINTR && screen_signal() == 0)
			continue;
		if (test_sync.on && n == (ssize_t)sl && memcmp(buf, SYNC_SEQUENCE, sl) == 0) {
			test_sync.count++;
			sync_answer();
			continue;
		}
		break;
	}
	printf("\r\n"); /* the next program's output starts on a line of its own */
	fflush(stdout);
}

/* Whether a test holds the loading done between keys (PLANVIEW_TEST_SYNC=hold, no key yet). */
bool
input_holds_loading(void)
{
	return test_sync.hold;
}

/* Whether a key (or a mouse event) waits in the terminal: work between keys gives way. */
bool
input_waiting(void)
{
	struct pollfd p = { .fd = screen_keys_fd(), .events = POLLIN };

	return screen_signal() != 0 || poll(&p, 1, 0) > 0;
}
