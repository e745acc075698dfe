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

/*
 * Wait for the program to end. Stopped (C-z in the editor), the reader stops too, so that
 * the shell has its job back; fg continues the reader, which continues the program.
 */
static int
wait_for(pid_t pid)
{
	int status = -1;

	for (;;) {
		if (waitpid(pid, &status, WUNTRACED) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!WIFSTOPPED(status))
			return status;
		raise(SIGSTOP);
		kill(pid, SIGCONT);
	}
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
	struct sigaction ign, oint, oquit, opipe, otstp;
	int fds[2] = { -1, -1 }, status, err;
	pid_t pid;

	if (input != NULL && pipe(fds) == -1)
		return -1;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN; /* C-c is the program's, as system() has it */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	sigaction(SIGPIPE, &ign, &opipe);
	sigaction(SIGTSTP, &ign, &otstp); /* the program's C-z stops it; wait_for() follows */
	screen_hand_over();
	if ((pid = fork()) == 0) {
		if (fds[1] >= 0)
			close(fds[1]);
		child(argv, fds[0]);
	}
	err = errno;
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		feed(fds[1], pid > 0 ? input : "", pid > 0 ? len : 0);
	status = pid > 0 ? wait_for(pid) : -1;
	if (pause && pid > 0)
		input_pause(_("press a key to return to planview"));
	screen_take_back();
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sigaction(SIGPIPE, &opipe, NULL);
	sigaction(SIGTSTP, &otstp, NULL);
	errno = err; /* fork's, for spawn_failed() */
	return status;
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
