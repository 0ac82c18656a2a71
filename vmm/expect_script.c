/* expect_script.c: parses an --expect script (docs/HARNESS.md), one
 * command a line:
 *
 *     # a comment; blank lines are ignored
 *     timeout 5              the time limit of each later expect (default 10 s)
 *     expect "login: "       wait until this text appears in the output
 *     send "root\n"          type this text
 *     expect "$ " within 2   a time limit for this step alone
 *     end                    end the run here (status 0)
 *     end quiet 0.5          ...or once the guest printed nothing for 0.5 s
 *
 * Texts are in double quotes with the escapes \n \r \t \e \0 \\ \" \xHH.
 * Everything in the file is untrusted: every error names its line. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "expect_script.h"

const char *expect_op_name(enum expect_op op)
{
	static const char *const names[] = {
		[STEP_EXPECT] = "expect", [STEP_SEND] = "send", [STEP_END] = "end", [STEP_END_QUIET] = "end quiet",
	};
	return op <= STEP_END_QUIET ? names[op] : "?";
}

/* The parser's position: the line being read, [at, end). */
struct cursor {
	const char *at, *end;
	int line;
	char *err;
	size_t errlen;
};

static int fail(struct cursor *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct cursor *c, const char *fmt, ...)
{
	int n = snprintf(c->err, c->errlen, "line %d: ", c->line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void skip_blanks(struct cursor *c)
{
	while (c->at < c->end && (*c->at == ' ' || *c->at == '\t'))
		c->at++;
}

/* Nothing but blanks or a comment left on the line? */
static bool at_line_end(struct cursor *c)
{
	skip_blanks(c);
	return c->at == c->end || *c->at == '#';
}

/* The next word (letters and '-'), or an empty one. */
static size_t word(struct cursor *c, const char **start)
{
	skip_blanks(c);
	*start = c->at;
	while (c->at < c->end && ((*c->at >= 'a' && *c->at <= 'z') || *c->at == '-'))
		c->at++;
	return (size_t)(c->at - *start);
}

static bool word_is(const char *w, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(w, name, n) == 0;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9') return ch - '0';
	if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
	return -1;
}

/* One escape after a backslash: its byte, or -1. */
static int escape(struct cursor *c)
{
	if (c->at == c->end)
		return -1;
	char ch = *c->at++;
	switch (ch) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'e': return 0x1b;
	case '0': return 0;
	case '\\': return '\\';
	case '"': return '"';
	case 'x':
		if (c->end - c->at < 2 || hex_digit(c->at[0]) < 0 || hex_digit(c->at[1]) < 0)
			return -1;
		c->at += 2;
		return hex_digit(c->at[-2]) * 16 + hex_digit(c->at[-1]);
	default:
		return -1;
	}
}

/* A quoted text into a new buffer. */
static int quoted_text(struct cursor *c, const char *command, uint8_t **text, size_t *len)
{
	skip_blanks(c);
	if (c->at == c->end || *c->at != '"')
		return fail(c, "%s needs a text in double quotes", command);
	c->at++;
	uint8_t *buf = malloc(EXPECT_MAX_TEXT);
	size_t n = 0;
	if (!buf)
		return fail(c, "out of memory");
	for (;;) {
		if (c->at == c->end) {
			free(buf);
			return fail(c, "the text has no closing quote");
		}
		char ch = *c->at++;
		if (ch == '"')
			break;
		int byte = (unsigned char)ch;
		if (ch == '\\' && (byte = escape(c)) < 0) {
			free(buf);
			return fail(c, "unknown escape in the text (use \\n \\r \\t \\e \\0 \\\\ \\\" \\xHH)");
		}
		if (n == EXPECT_MAX_TEXT) {
			free(buf);
			return fail(c, "the text is longer than %d bytes", EXPECT_MAX_TEXT);
		}
		buf[n++] = (uint8_t)byte;
	}
	if (n == 0) {
		free(buf);
		return fail(c, "%s needs a text that is not empty", command);
	}
	*text = buf;
	*len = n;
	return 0;
}

static int seconds(struct cursor *c, const char *what, double *out)
{
	skip_blanks(c);
	char number[32];
	size_t n = 0;
	while (c->at < c->end && n + 1 < sizeof number && ((*c->at >= '0' && *c->at <= '9') || *c->at == '.'))
		number[n++] = *c->at++;
	number[n] = '\0';
	char *stop;
	errno = 0;
	double value = n ? strtod(number, &stop) : 0;
	if (!n || errno || *stop || !isfinite(value) || value <= 0 || value > EXPECT_MAX_SECONDS)
		return fail(c, "%s needs a number of seconds (more than 0, at most %.0f)", what, EXPECT_MAX_SECONDS);
	*out = value;
	return 0;
}

static int add_step(struct cursor *c, struct expect_script *script, struct expect_step step)
{
	if (script->nsteps == EXPECT_MAX_STEPS) {
		free(step.text);
		return fail(c, "more than %d steps", EXPECT_MAX_STEPS);
	}
	step.line = c->line;
	script->steps[script->nsteps++] = step;
	return 0;
}

/* One command line. *limit is the time limit later expects get. */
static int parse_command(struct cursor *c, struct expect_script *script, double *limit)
{
	const char *w;
	size_t n = word(c, &w);
	struct expect_step step = { 0 };
	if (word_is(w, n, "expect") || word_is(w, n, "send")) {
		step.op = word_is(w, n, "send") ? STEP_SEND : STEP_EXPECT;
		if (quoted_text(c, expect_op_name(step.op), &step.text, &step.len) < 0)
			return -1;
		step.seconds = *limit;
		if (step.op == STEP_EXPECT && !at_line_end(c)) {
			n = word(c, &w);
			int bad = word_is(w, n, "within") ? seconds(c, "within", &step.seconds)
				: fail(c, "expect TEXT may be followed only by 'within SECONDS'");
			if (bad < 0) {
				free(step.text);
				return -1;
			}
		}
	} else if (word_is(w, n, "timeout")) {
		if (seconds(c, "timeout", limit) < 0)
			return -1;
		return at_line_end(c) ? 0 : fail(c, "unexpected text after the timeout");
	} else if (word_is(w, n, "end")) {
		step.op = STEP_END;
		if (!at_line_end(c)) {
			n = word(c, &w);
			if (!word_is(w, n, "quiet"))
				return fail(c, "end may be followed only by 'quiet SECONDS'");
			step.op = STEP_END_QUIET;
			if (seconds(c, "end quiet", &step.seconds) < 0)
				return -1;
		}
	} else if (n == 0) {
		return fail(c, "a line must start with expect, send, timeout or end");
	} else {
		return fail(c, "unknown command '%.*s' (expect, send, timeout or end)", (int)n, w);
	}
	if (!at_line_end(c)) {
		free(step.text);
		return fail(c, "unexpected text after the %s command", expect_op_name(step.op));
	}
	return add_step(c, script, step);
}

static bool script_ended(const struct expect_script *script)
{
	if (!script->nsteps)
		return false;
	enum expect_op last = script->steps[script->nsteps - 1].op;
	return last == STEP_END || last == STEP_END_QUIET;
}

int expect_script_parse(const char *text, size_t len, struct expect_script *script,
			char *err, size_t errlen)
{
	*script = (struct expect_script){ 0 };
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		snprintf(err, errlen, "line %d: a NUL byte (the script is text)", line);
		return -1;
	}
	script->steps = calloc(EXPECT_MAX_STEPS, sizeof *script->steps);
	if (!script->steps) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct cursor c = { .at = text, .end = text, .err = err, .errlen = errlen };
	double limit = EXPECT_DEFAULT_LIMIT;
	const char *next = text, *stop = text + len;
	while (next < stop) {
		const char *nl = memchr(next, '\n', (size_t)(stop - next));
		c.at = next;
		c.end = nl ? nl : stop;
		if (c.end > c.at && c.end[-1] == '\r')
			c.end--;                          /* CRLF files too */
		c.line++;
		next = nl ? nl + 1 : stop;
		if (at_line_end(&c))
			continue;
		if (script_ended(script)) {
			fail(&c, "nothing may follow 'end' (line %d)", script->steps[script->nsteps - 1].line);
			expect_script_free(script);
			return -1;
		}
		if (parse_command(&c, script, &limit) < 0) {
			expect_script_free(script);
			return -1;
		}
	}
	if (!script->nsteps) {
		snprintf(err, errlen, "no steps (expect, send or end)");
		expect_script_free(script);
		return -1;
	}
	return 0;
}

void expect_script_free(struct expect_script *script)
{
	for (int i = 0; i < script->nsteps; i++)
		free(script->steps[i].text);
	free(script->steps);
	*script = (struct expect_script){ 0 };
}

int expect_script_load(const char *path, struct expect_script *script, char *err, size_t errlen)
{
	*script = (struct expect_script){ 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "--expect %s: %s", path, fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((size_t)st.st_size > EXPECT_MAX_FILE) {
		snprintf(err, errlen, "--expect %s: larger than %u KiB", path, EXPECT_MAX_FILE >> 10);
		close(fd);
		return -1;
	}
	char *text = malloc((size_t)st.st_size + 1);
	size_t len = 0;
	while (text && len < (size_t)st.st_size) {
		ssize_t n = read(fd, text + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!text || len != (size_t)st.st_size) {
		free(text);
		snprintf(err, errlen, "--expect %s: cannot read it whole", path);
		return -1;
	}
	char why[200];
	int rc = expect_script_parse(text, len, script, why, sizeof why);
	free(text);
	if (rc < 0)
		snprintf(err, errlen, "--expect %s: %s", path, why);
	return rc;
}
