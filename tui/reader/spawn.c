/*
 * spawn.c: another program run with the terminal handed over to it (a command an item is
 * piped to, the editor), and taken back after; its end said in words.
 */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reader/reader_int.h"

/* Write input to fd and close it; a command that stops reading early is no error of ours. */
static void
feed(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		s += n;
		len -= (size_t)n;
	}
	close(fd);
}

/* In the child: signals as the shell gives them, the input, then the program. */
static void
child(char *const argv[], int in)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGPIPE, SIGTERM, SIGHUP };

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	if (in >= 0) {
		dup2(in, STDIN_FILENO);
		close(in);
	} else if (!isatty(STDIN_FILENO)) { /* the plan came on standard input: the terminal */
		dup2(screen_keys_fd(), STDIN_FILENO);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: %s: %s\n", progname, argv[0], strerror(errno));
	_exit(127);
}

/*
 * Run argv with the terminal handed over, input (unless NULL) on its standard input; with
 * pause, wait for a key after it, so that what it wrote can be read. The terminal is the
 * reader's again after. Its wait status, or -1 (errno set) if it could not be started.
 */
int
spawn_run(char *const argv[], const char *input, size_t len, bool pause)
{
	struct sigaction ign, oint, oquit, opipe;
	int fds[2] = { -1, -1 }, status = -1;
	pid_t pid;

	if (input != NULL && pipe(fds) == -1)
		return -1;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN; /* C-c is the program's, as system() has it */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	sigaction(SIGPIPE, &ign, &opipe);
	screen_hand_over();
	if ((pid = fork()) == 0) {
		if (fds[1] >= 0)
			close(fds[1]);
		child(argv, fds[0]);
	}
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		feed(fds[1], pid > 0 ? input : "", pid > 0 ? len : 0);
	while (pid > 0 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (pause && pid > 0)
		input_pause(_("press a key to return to planview"));
	screen_take_back();
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sigaction(SIGPIPE, &opipe, NULL);
	return pid > 0 ? status : -1;
}

/* How a program ended, for the message line (what names: the command); false if well. */
bool
spawn_failed(int status, const char *what, char *out, size_t size)
{
	if (status == -1)
		snprintf(out, size, _("%s: cannot run it: %s"), what, strerror(errno));
	else if (WIFSIGNALED(status))
		snprintf(out, size, _("%s: killed by signal %d"), what, WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(out, size, _("%s: exit status %d"), what, WEXITSTATUS(status));
	else
		return false;
	return true;
}
