/* expect_script.h: an --expect script, parsed: the steps of a dialogue
 * with a guest that never waits visibly (it spins with interrupts on):
 * wait for a text in its output, type a text, end the run. The format is
 * in docs/HARNESS.md; the parser is pure (no I/O but the file read), so
 * the unit tests drive it directly. */
#ifndef MINIKVM_EXPECT_SCRIPT_H
#define MINIKVM_EXPECT_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#define EXPECT_MAX_STEPS     4096
#define EXPECT_MAX_TEXT      4096       /* bytes of one text, after escapes */
#define EXPECT_MAX_FILE      (1u << 20)
#define EXPECT_DEFAULT_LIMIT 10.0       /* seconds an expect step may wait */
#define EXPECT_MAX_SECONDS   (7 * 24 * 3600.0)

enum expect_op {
	STEP_EXPECT,       /* wait until text appears (after the previous match) */
	STEP_SEND,         /* type text */
	STEP_END,          /* end the run now, status 0 */
	STEP_END_QUIET,    /* end the run once the guest printed nothing for `seconds` */
};

struct expect_step {
	enum expect_op op;
	uint8_t *text;     /* STEP_EXPECT, STEP_SEND (never empty) */
	size_t len;
	double seconds;    /* STEP_EXPECT: its time limit; STEP_END_QUIET: the quiet */
	int line;          /* in the script, for messages */
};

struct expect_script {
	struct expect_step *steps;
	int nsteps;
};

/* Parse text[0..len) into script. 0, or -1 with err saying "line N: why". */
int expect_script_parse(const char *text, size_t len, struct expect_script *script,
			char *err, size_t errlen);
/* Read and parse the file at path. 0, or -1 with err naming the file. */
int expect_script_load(const char *path, struct expect_script *script, char *err, size_t errlen);
void expect_script_free(struct expect_script *script);
/* The name of an operation as the script spells it. */
const char *expect_op_name(enum expect_op op);

#endif
