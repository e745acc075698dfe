/* test_file.c: file_write(): atomic, a temporary of its own, the mode kept, nothing left over. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static char dir[64];

/* Entries in the directory but . and .. */
static int
entries(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	while (d != NULL && (de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	if (d != NULL)
		closedir(d);
	return n;
}

static char *
contents(const char *path)
{
	size_t len;
	char *why, *s = file_read(path, 1024, &len, &why);

	if (s == NULL)
		free(why);
	return s;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void
die(int fd)
{
	(void)fd;
	raise(SIGKILL);
}

/*
 * A symbolic link (a dotfile manager's state file) is written through to its target and
 * stays a link; so is a chain of them, and one to a file not there yet; a loop is refused.
 */
static void
write_through_links(void)
{
	char *target = xasprintf("%s/real", dir), *link1 = xasprintf("%s/link1", dir);
	char *link2 = xasprintf("%s/link2", dir), *s;
	struct stat st;

	file_write(target, "old\n", 4, 0600, 0);
	if (symlink("real", link1) == -1 || symlink("link1", link2) == -1)
		fatal("symlink");
	is_int(file_write(link2, "new\n", 4, 0666, 0), 0, "a chain of links is written through");
	ok(lstat(link1, &st) == 0 && S_ISLNK(st.st_mode) && lstat(link2, &st) == 0 &&
	    S_ISLNK(st.st_mode), "the links stay links");
	is_str(s = contents(target), "new\n", "their target holds the new contents");
	free(s);
	is_int(mode_of(target), 0600, "and keeps its mode");
	is_int(entries(), 3, "no temporary file is left");
	unlink(target);
	is_int(file_write(link1, "born\n", 5, 0666, 0), 0, "a link to no file yet is written");
	ok(lstat(link1, &st) == 0 && S_ISLNK(st.st_mode), "through, and stays a link");
	is_str(s = contents(target), "born\n", "its target is made");
	free(s);
	unlink(target);
	unlink(link1);
	if (symlink("link2", link1) == -1)
		fatal("symlink");
	errno = 0;
	ok(file_write(link1, "x", 1, 0666, 0) == -1 && errno == ELOOP,
	    "a loop of links is refused, and errno says why");
	unlink(link1);
	unlink(link2);
	free(target);
	free(link1);
	free(link2);
}

/*
 * A replaced file keeps its owner and group where the writer may give them (root may), and
 * file_write() says when it could not (a user replacing another's file in a shared
 * directory). Both need root to set up.
 */
static void
owners(void)
{
	char *path = xasprintf("%s/shared.md", dir);
	struct stat st;
	pid_t pid;
	int status;

	if (geteuid() != 0) {
		for (int i = 0; i < 3; i++)
			ok(1, "# SKIP only root can make a file of another user's");
		free(path);
		return;
	}
	file_write(path, "one\n", 4, 0644, 0);
	if (chown(path, 12345, 12346) == -1)
		fatal("chown");
	is_int(file_write(path, "two\n", 4, 0644, 0), 0, "root replaces another's file");
	ok(stat(path, &st) == 0 && st.st_uid == 12345 && st.st_gid == 12346,
	    "which keeps its owner and group");
	if (chown(path, 0, 0) == -1 || chmod(dir, 0777) == -1)
		fatal("chown");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (setgid(65534) == -1 || setuid(65534) == -1)
			_exit(99);
		_exit(file_write(path, "three\n", 6, 0644, 0) & 0xff);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 2,
	    "a user replacing root's file is told its owner could not be kept");
	chmod(dir, 0700);
	unlink(path);
	free(path);
}

/* cache_hash() of bytes given in pieces, at every split, is the hash of the whole. */
static void
test_hash_pieces(void)
{
	char data[200];
	uint64_t whole;
	bool same = true;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)(i * 37 + 11);
	whole = cache_hash(data, sizeof data, 42);
	for (size_t a = 0; a <= sizeof data; a++)
		for (size_t b = a; b <= sizeof data; b += 7) {
			struct hasher x;

			hash_start(&x, 42, sizeof data);
			hash_add(&x, data, a);
			hash_add(&x, data + a, b - a);
			hash_add(&x, data + b, sizeof data - b);
			same = same && hash_end(&x) == whole;
		}
	ok(same, "cache_hash() in three pieces, split anywhere, is cache_hash() of the whole");
	ok(cache_hash(data, sizeof data, 43) != whole, "another seed, another hash");
	ok(cache_hash(data, sizeof data - 1, 42) != whole, "one byte fewer, another hash");
}

void
test_file(void)
{
	char *path, *s, *missing;
	mode_t mask = umask(022);
	pid_t pid;
	int status;

	snprintf(dir, sizeof dir, "%s/planview-file.XXXXXX",
	    getenv("TMPDIR") != NULL && strlen(getenv("TMPDIR")) < 32 ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp %s", dir);
	path = xasprintf("%s/view.md", dir);

	test_hash_pieces();
	is_int(file_write_pieces(path, (struct file_piece[]){ { "on", 2 }, { NULL, 0 },
	    { "e\n", 2 } }, 3, 0666, FILE_CACHE), 0, "a file is written in pieces");
	is_str(s = contents(path), "one\n", "the pieces one after the other");
	free(s);
	unlink(path);
	is_int(file_write(path, "one\n", 4, 0666, 0), 0, "a new file is written");
	is_str(s = contents(path), "one\n", "with its contents");
	free(s);
	is_int(mode_of(path), 0644, "a new file has the mode given, less the umask");
	is_int(entries(), 1, "no temporary file is left");

	chmod(path, 0600);
	is_int(file_write(path, "two\n", 4, 0666, 0), 0, "an existing file is replaced");
	is_str(s = contents(path), "two\n", "by the new contents");
	free(s);
	is_int(mode_of(path), 0600, "and keeps its mode");

	is_int(file_write(path, "three\n", 6, 0666, FILE_KEEP), 1,
	    "with FILE_KEEP an existing file is left alone");
	is_str(s = contents(path), "two\n", "untouched");
	free(s);
	is_int(entries(), 1, "and no temporary file is left");

	missing = xasprintf("%s/no-such-dir/x.md", dir);
	errno = 0;
	ok(file_write(missing, "x", 1, 0666, 0) == -1 && errno == ENOENT,
	    "a file in a missing directory is not written, and errno says why");
	free(missing);

	fflush(stdout);
	if ((pid = fork()) == 0) {
		file_set_crash_hook(die);
		file_write(path, "four\n", 5, 0666, 0);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "a writer is killed between writing and renaming");
	is_str(s = contents(path), "two\n", "the file is intact");
	free(s);
	is_int(entries(), 2, "its temporary file, of a name of its own, is left");
	file_remove_leftovers(path);
	is_int(entries(), 1, "file_remove_leftovers() removes it");

	unlink(path);
	write_through_links();
	owners();
	rmdir(dir);
	free(path);
	umask(mask);
}
