/* pit.h: the 8253/8254 programmable interval timer of a PC guest (ports
 * 0x40-0x43), as tutorials program it: channel 0's reload value sets the
 * rate of IRQ0 (the timer thread's, timer.c), 1193182 / reload Hz, kept
 * within 1-1000 Hz; its counter reads back counting down with host time
 * (latched or not, low and high byte as the access mode says). Channels 1
 * and 2 keep what is written. A rate given with --timer-hz wins over the
 * guest's. Not modelled: the modes' output shapes (every mode ticks at
 * the reload rate), the read-back command, port 0x61's speaker gate. */
#ifndef MINIKVM_PIT_H
#define MINIKVM_PIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define PIT_PORT_BASE 0x40
#define PIT_PORTS     4
#define PIT_HZ        1193182u
#define PIT_MAX_RATE  1000u          /* IRQ0 at most this often, whatever the reload */

struct pit_channel {
	uint16_t reload;             /* 0 means 65536 */
	uint8_t access;              /* 1 low byte, 2 high byte, 3 low then high */
	uint8_t mode;
	bool high_next;              /* access 3: the next byte is the high one (write) */
	bool read_high_next;         /* access 3: the next read gives the high byte */
	bool latched;
	uint16_t latch;
	uint64_t start_ns;           /* when the reload was written */
};

struct pit {
	pthread_mutex_t lock;
	struct pit_channel ch[3];
	uint64_t (*now_ns)(void);    /* the host's monotonic clock; tests set their own */
	void (*set_rate)(void *owner, unsigned hz);   /* channel 0 reprogrammed */
	void *owner;
};

void pit_init(struct pit *pit, void (*set_rate)(void *owner, unsigned hz), void *owner);
/* IRQ0's rate for a channel-0 reload value (0 = 65536), within 1-PIT_MAX_RATE. */
unsigned pit_rate(uint16_t reload);

/* Bus handler (owner: the struct pit) for ports 0x40-0x43. */
struct vcpu;
int pit_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
