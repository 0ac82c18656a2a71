/* input_script.h: a keyboard script, shared by every guest of a run;
 * each guest reads it from its own position (its input cursor). */
#ifndef MINIKVM_INPUT_SCRIPT_H
#define MINIKVM_INPUT_SCRIPT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_NONE  (-1)   /* nothing now (the guest reads 0xFF) */
#define KEY_ENDED (-2)   /* nothing ever again */

struct input_script {
	pthread_mutex_t lock;
	uint8_t *buf;
	size_t len, cap;
	int fd;             /* -1 once everything is read */
};

int input_script_open(struct input_script *script, const char *path, char *err, size_t errlen);
void input_script_close(struct input_script *script);
/* Byte pos of the script (a byte, or KEY_ENDED), reading more from a
 * pipe if needed; gives up once *stop is non-zero. */
int input_script_byte(struct input_script *script, size_t pos, const atomic_int *stop);
/* Could byte pos still come? */
bool input_script_may_have(struct input_script *script, size_t pos);

#endif
