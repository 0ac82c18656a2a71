/* keyboard.c: how a guest reads keys.
 *
 * Scripted input (--input FILE, or a standard input that is not a
 * terminal) is deterministic: a key is handed over only when the guest
 * asks for one (HC_GETCHAR's in, a read of port 0x60/0x64) or waits for
 * one (hlt with IF=1, which raises IRQ1). Each guest reads the whole
 * script from its own cursor; the vCPUs of one guest share that cursor.
 *
 * Live keys are pushed by the terminal thread (terminal.c) into a ring;
 * the first waits in the port 0x60 latch with IRQ1 up. */
#include "keyboard.h"
#include "vcpu.h"

void kbd_init(struct keyboard *kbd, struct input_script *script, const atomic_int *stop,
	      struct irq_hook irq)
{
	*kbd = (struct keyboard){ .script = script, .stop = stop, .irq = irq };
	pthread_mutex_init(&kbd->lock, NULL);
}

static void raise_irq1(struct keyboard *kbd)
{
	kbd->irq.raise(kbd->irq.guest, KBD_IRQ);
}

static void withdraw_irq1(struct keyboard *kbd)
{
	kbd->irq.withdraw(kbd->irq.guest, KBD_IRQ);
}

/* Live: the next key of the ring. Caller holds kbd->lock. */
static int ring_pop(struct keyboard *kbd)
{
	if (kbd->head == kbd->tail)
		return kbd->live_ended ? KEY_ENDED : KEY_NONE;
	return kbd->ring[kbd->tail++ % LIVE_RING];
}

/* The next key from the source (not from the latch). Caller holds kbd->lock. */
static int source_next(struct keyboard *kbd)
{
	if (!kbd->script)
		return ring_pop(kbd);
	int byte = input_script_byte(kbd->script, kbd->pos, kbd->stop);
	if (byte >= 0 && kbd->script_byte)
		kbd->script_byte(kbd->script_byte_owner, kbd->pos + 1);
	if (byte >= 0)
		kbd->pos++;
	return byte;
}

int kbd_next_key(struct keyboard *kbd, struct vcpu *cpu)
{
	vcpu_flush_output(cpu);          /* the guest waits: show its prompt */
	return kbd_take_key(kbd);
}

int kbd_take_key(struct keyboard *kbd)
{
	pthread_mutex_lock(&kbd->lock);
	int key;
	bool from_latch = kbd->port_full;
	if (from_latch) {
		key = kbd->port_data;
		kbd->port_full = false;
	} else {
		key = source_next(kbd);
	}
	pthread_mutex_unlock(&kbd->lock);
	if (from_latch)
		withdraw_irq1(kbd);      /* the key it announced is taken */
	return key;
}

bool kbd_may_produce(struct keyboard *kbd)
{
	pthread_mutex_lock(&kbd->lock);
	bool may = kbd->port_full ||
		   (kbd->script ? input_script_may_have(kbd->script, kbd->pos)
				: kbd->head != kbd->tail || !kbd->live_ended);
	pthread_mutex_unlock(&kbd->lock);
	return may;
}

/* Scripted: fill the empty latch with the next key. Returns true if a
 * key now waits in the port. Caller holds kbd->lock. */
static bool latch_scripted_key(struct keyboard *kbd)
{
	if (kbd->port_full || !kbd->script)
		return kbd->port_full;
	int key = source_next(kbd);
	if (key < 0)
		return false;
	kbd->port_data = (uint8_t)key;
	kbd->port_full = true;
	return true;
}

void kbd_on_idle(struct keyboard *kbd)
{
	if (!kbd->script)
		return;
	pthread_mutex_lock(&kbd->lock);
	bool waiting = latch_scripted_key(kbd);
	pthread_mutex_unlock(&kbd->lock);
	if (waiting)
		raise_irq1(kbd);
}

int kbd_status_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct keyboard *kbd = owner;
	(void)offset, (void)size;
	if (is_write)
		return VCPU_CONTINUE;          /* controller commands: ignored */
	vcpu_flush_output(cpu);
	pthread_mutex_lock(&kbd->lock);
	latch_scripted_key(kbd);
	*data = kbd->port_full ? 0x01 : 0x00;
	pthread_mutex_unlock(&kbd->lock);
	return VCPU_CONTINUE;
}

int kbd_data_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct keyboard *kbd = owner;
	(void)offset, (void)size;
	if (is_write)
		return VCPU_CONTINUE;
	vcpu_flush_output(cpu);
	pthread_mutex_lock(&kbd->lock);
	latch_scripted_key(kbd);
	*data = kbd->port_full ? kbd->port_data : 0x00;
	kbd->port_full = false;
	int next = kbd->script ? KEY_NONE : ring_pop(kbd);
	if (next >= 0) {                   /* live: the next key moves up */
		kbd->port_data = (uint8_t)next;
		kbd->port_full = true;
	}
	bool full = kbd->port_full;
	pthread_mutex_unlock(&kbd->lock);
	/* Like the real controller's IRQ1 line: up while a key waits in the
	 * port, down once it is read, so a key polled away is not announced
	 * again to the guest's handler. */
	if (full)
		raise_irq1(kbd);
	else
		withdraw_irq1(kbd);
	return VCPU_CONTINUE;
}

void kbd_give_key(struct keyboard *kbd, uint8_t key)
{
	kbd_give_keys(kbd, &key, 1);
}

void kbd_give_keys(struct keyboard *kbd, const uint8_t *keys, size_t n)
{
	(void)kbd_give_keys_some(kbd, keys, n);   /* a full ring drops the rest */
}

size_t kbd_give_keys_some(struct keyboard *kbd, const uint8_t *keys, size_t n)
{
	size_t taken = 0;
	pthread_mutex_lock(&kbd->lock);
	for (; taken < n && kbd->head - kbd->tail < LIVE_RING; taken++)
		kbd->ring[kbd->head++ % LIVE_RING] = keys[taken];
	bool raise = false;
	if (!kbd->port_full) {
		int next = ring_pop(kbd);
		if (next >= 0) {
			kbd->port_data = (uint8_t)next;
			kbd->port_full = raise = true;
		}
	}
	pthread_mutex_unlock(&kbd->lock);
	if (raise)
		raise_irq1(kbd);
	return taken;
}

void kbd_end_live(struct keyboard *kbd)
{
	pthread_mutex_lock(&kbd->lock);
	kbd->live_ended = true;
	pthread_mutex_unlock(&kbd->lock);
}
