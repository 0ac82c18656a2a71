/* fuzz_input_script.c: the --input reader. Byte 0 chooses a regular file
 * (memfd) or a pipe and how the guest reads (HC_GETCHAR or ports 0x64 +
 * 0x60); the rest is the script. Every byte must come back in order, then
 * "no more keys", whatever the source, and no descriptor may be left open. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fake_vcpu.h"

#define PIPE_MAX 60000   /* fits the pipe buffer: the writer never blocks */

static int read_key(struct vcpu *vcpu, int use_ports)
{
	if (!use_ports)
		return kbd_next_key(&fake_guest()->kbd, vcpu);
	uint8_t status = 0, key = 0;
	kbd_status_io(&fake_guest()->kbd, vcpu, 0, 1, false, &status);
	if (!(status & 1))
		return KEY_ENDED;
	kbd_data_io(&fake_guest()->kbd, vcpu, 0, 1, false, &key);
	return key;
}

/* How many descriptors are open: if it grows, one leaked. */
static int open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;
	while (dir && readdir(dir))
		n++;
	if (dir)
		closedir(dir);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fds_before = open_fds();
	int use_pipe = data[0] & 1, use_ports = data[0] & 2;
	const uint8_t *script = data + 1;
	size_t len = size - 1;
	if (use_pipe && len > PIPE_MAX)
		len = PIPE_MAX;
	int fds[2];
	if (use_pipe) {
		if (pipe(fds) < 0)
			abort();
	} else {
		fds[0] = fds[1] = memfd_create("script", 0);
	}
	if (len && write(fds[1], script, len) != (ssize_t)len)
		abort();
	if (use_pipe)
		close(fds[1]);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);

	struct vcpu *vcpu = fake_vcpu_setup(NULL, 0, 1 << 20);
	struct input_script own;
	char err[256];
	if (input_script_open(&own, path, err, sizeof err) < 0)
		abort();
	fake_guest()->kbd.script = &own;
	for (size_t i = 0; i < len; i++)
		if (read_key(vcpu, use_ports) != script[i])
			abort();
	if (read_key(vcpu, use_ports) != KEY_ENDED)
		abort();
	if (kbd_may_produce(&fake_guest()->kbd))
		abort();
	input_script_close(&own);
	close(fds[0]);
	fake_vcpu_teardown();
	if (open_fds() != fds_before)
		abort();                               /* the reader leaked a descriptor */
	return 0;
}
