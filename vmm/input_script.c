/* input_script.c: keyboard input from a script (--input FILE, or a
 * standard input that is not a terminal). A file is read whole at start;
 * a pipe lazily, as the guests ask. Readers keep their own positions. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input_script.h"

#define MAX_SCRIPT (64ul << 20)

int input_script_open(struct input_script *script, const char *path, char *err, size_t errlen)
{
	memset(script, 0, sizeof *script);
	pthread_mutex_init(&script->lock, NULL);
	script->fd = -1;
	if (strcmp(path, "-") == 0) {
		struct stat st;
		script->fd = fstat(STDIN_FILENO, &st) == 0 ? STDIN_FILENO : -1;
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--input %s: %s", path, fd < 0 ? strerror(errno) : "is a directory");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	script->fd = fd;
	/* Read a regular file whole now; anything else (a FIFO) lazily. */
	if (S_ISREG(st.st_mode)) {
		if ((size_t)st.st_size > MAX_SCRIPT) {
			snprintf(err, errlen, "--input %s: larger than %lu MiB", path, MAX_SCRIPT >> 20);
			close(fd);
			return -1;
		}
		script->buf = malloc(st.st_size + 1);
		while (script->buf && script->len < (size_t)st.st_size) {
			ssize_t n = read(fd, script->buf + script->len, st.st_size - script->len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			script->len += n;
		}
		close(fd);
		script->fd = -1;
		if (!script->buf || script->len != (size_t)st.st_size) {
			snprintf(err, errlen, "--input %s: cannot read it whole", path);
			return -1;
		}
		script->cap = script->len;
	}
	return 0;
}

void input_script_close(struct input_script *script)
{
	if (script->fd > STDIN_FILENO)
		close(script->fd);
	free(script->buf);
	memset(script, 0, sizeof *script);
}

/* The script's source is used up (or unreadable): close it, unless it
 * is our standard input, and read no more. Caller holds script->lock. */
static void script_source_ended(struct input_script *script)
{
	if (script->fd > STDIN_FILENO)
		close(script->fd);
	script->fd = -1;
}

/* Byte pos of the script, reading more from a pipe if needed. */
int input_script_byte(struct input_script *script, size_t pos, const atomic_int *stop)
{
	pthread_mutex_lock(&script->lock);
	while (pos >= script->len && script->fd >= 0 && !atomic_load(stop)) {
		if (script->len == script->cap) {
			size_t cap = script->cap ? script->cap * 2 : 4096;
			uint8_t *buf = cap <= MAX_SCRIPT ? realloc(script->buf, cap) : NULL;
			if (!buf) {
				script_source_ended(script);
				break;
			}
			script->buf = buf, script->cap = cap;
		}
		ssize_t n = read(script->fd, script->buf + script->len, script->cap - script->len);
		if (n > 0)
			script->len += n;
		else if (n == 0 || errno != EINTR)
			script_source_ended(script);   /* end of input (or unreadable) */
	}
	int byte = pos < script->len ? script->buf[pos] : KEY_ENDED;
	pthread_mutex_unlock(&script->lock);
	return byte;
}

bool input_script_may_have(struct input_script *script, size_t pos)
{
	pthread_mutex_lock(&script->lock);
	bool more = pos < script->len || script->fd >= 0;
	pthread_mutex_unlock(&script->lock);
	return more;
}
