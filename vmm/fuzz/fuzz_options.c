/* fuzz_options.c: options_parse and options_parse_size on arbitrary
 * command lines. The input is split at NUL bytes into argv[1..]. */
#include <stdlib.h>
#include <string.h>
#include "../options.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *argv[MAX_ARGS + 2] = { "mini-kvm" };
	int argc = 1;
	for (char *p = text; p < text + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	for (int i = 1; i < argc; i++) {
		size_t bytes;
		options_parse_size(argv[i], &bytes);
	}
	struct config cfg;
	char err[256] = "";
	switch (options_parse(argc, argv, &cfg, err, sizeof err)) {
	case PARSE_RUN:
		if (cfg.host_check)
			break;
		if (cfg.nimages < 1 || cfg.nimages > MAX_VCPUS)
			abort();
		if (cfg.mem_size < (64u << 10) || cfg.mem_size > (1ul << 30) || cfg.mem_size % 4096)
			abort();
		if (cfg.max_output == 0 || cfg.timer_hz > 10000)
			abort();
		for (int i = 0; i < cfg.nimages; i++)
			if (!cfg.images[i])
				abort();
		break;
	case PARSE_ERROR:
		if (err[0] == '\0')
			abort();
		break;
	case PARSE_HELP:
		break;
	}
	free(text);
	return 0;
}
