/* fuzz_expect_script.c: expect_script_parse on arbitrary text. A script
 * it accepts keeps every promise the runner relies on: 1 to
 * EXPECT_MAX_STEPS steps, texts of 1 to EXPECT_MAX_TEXT bytes where a
 * step has one, positive time limits, an end step only last. */
#include <stdbool.h>
#include <stdlib.h>
#include "../expect_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expect_script script;
	char err[256];
	if (expect_script_parse((const char *)data, size, &script, err, sizeof err) < 0) {
		if (!err[0] || script.steps || script.nsteps)
			abort();                 /* an error says why and leaves nothing */
		return 0;
	}
	if (script.nsteps < 1 || script.nsteps > EXPECT_MAX_STEPS)
		abort();
	for (int i = 0; i < script.nsteps; i++) {
		const struct expect_step *s = &script.steps[i];
		bool has_text = s->op == STEP_EXPECT || s->op == STEP_SEND;
		if (has_text != (s->text != NULL) || (has_text && (s->len < 1 || s->len > EXPECT_MAX_TEXT)))
			abort();
		if ((s->op == STEP_EXPECT || s->op == STEP_END_QUIET) && !(s->seconds > 0))
			abort();
		if ((s->op == STEP_END || s->op == STEP_END_QUIET) && i != script.nsteps - 1)
			abort();
		if (s->line < 1)
			abort();
	}
	expect_script_free(&script);
	return 0;
}
