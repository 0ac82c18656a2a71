/* i8042.c: the PS/2 keyboard controller. Keys are pulled from the
 * guest's keyboard (keyboard.c) and queued as set-1 scan codes; the output
 * buffer holds one byte, and IRQ1 goes up each time a byte enters it.
 *
 * Scripted input stays deterministic as with the plain keyboard: a key is
 * pulled only when the guest asks (a status read with nothing to read) or
 * waits (hlt with IF=1, or the BIOS's int 0x16); the bytes of that key then
 * follow one another as the guest reads them. Live keys are pulled as they
 * arrive and whenever the queue has drained. */
#include "i8042.h"
#include "vcpu.h"

#define STATUS_OUT_FULL   0x01
#define STATUS_SYSTEM     0x04
#define STATUS_COMMAND    0x08
#define STATUS_UNLOCKED   0x10
#define CMD_IRQ1          0x01
#define CMD_KBD_OFF       0x10
#define ACK               0xfa

void i8042_init(struct i8042 *kbc, struct keyboard *keys, struct irq_hook irq)
{
	*kbc = (struct i8042){ .keys = keys, .irq = irq, .a20 = true,
			       .command_byte = 0x45 };   /* IRQ1, system flag, translation */
	pthread_mutex_init(&kbc->lock, NULL);
}

static bool queue_empty(const struct i8042 *kbc)
{
	return kbc->rd == kbc->wr;
}

static void push_back(struct i8042 *kbc, uint8_t byte)
{
	if (kbc->wr - kbc->rd < I8042_QUEUE)
		kbc->queue[kbc->wr++ % I8042_QUEUE] = byte;
}

/* A reply to a command comes before any key still queued. */
static void reply(struct i8042 *kbc, uint8_t byte)
{
	if (kbc->wr - kbc->rd < I8042_QUEUE)
		kbc->queue[--kbc->rd % I8042_QUEUE] = byte;
}

static void reply2(struct i8042 *kbc, uint8_t first, uint8_t second)
{
	reply(kbc, second);
	reply(kbc, first);
}

static void drop_pending(struct i8042 *kbc, unsigned n)
{
	for (unsigned i = n; i < kbc->npending; i++)
		kbc->pending[i - n] = kbc->pending[i];
	kbc->npending -= n;
}

/* Pull keys until one gives scan codes or none is there. An escape
 * sequence is completed from the bytes available now; cut short, its
 * bytes are keys of their own. Caller holds lock. */
static void pull_key(struct i8042 *kbc)
{
	bool more = true;                         /* the source may have more now */
	while (queue_empty(kbc)) {
		if (kbc->npending == 0) {
			int byte = kbd_take_key(kbc->keys);
			if (byte < 0)
				return;
			kbc->pending[kbc->npending++] = (uint8_t)byte;
		}
		struct key_press key;
		int used = scancode_parse(kbc->pending, kbc->npending, more && kbc->npending < I8042_PENDING, &key);
		if (used < 0) {                   /* a sequence so far: one more byte */
			int byte = kbd_take_key(kbc->keys);
			if (byte < 0)
				more = false;
			else
				kbc->pending[kbc->npending++] = (uint8_t)byte;
			continue;
		}
		if (used > 0) {
			uint8_t bytes[SC_MAX_BYTES];
			unsigned n = scancode_bytes(&key, bytes);
			for (unsigned i = 0; i < n; i++)
				push_back(kbc, bytes[i]);
		}
		drop_pending(kbc, used > 0 ? (unsigned)used : 1);   /* 0: a byte no key makes */
	}
}

/* Move the next byte into the empty output buffer. Caller holds lock.
 * Returns true if IRQ1 should go up. */
static bool load_output(struct i8042 *kbc)
{
	if (kbc->out_full || queue_empty(kbc) || (kbc->command_byte & CMD_KBD_OFF))
		return false;
	kbc->out = kbc->queue[kbc->rd++ % I8042_QUEUE];
	kbc->out_full = true;
	return kbc->command_byte & CMD_IRQ1;
}

static void raise_if(struct i8042 *kbc, bool raise)
{
	if (raise)
		kbc->irq.raise(kbc->irq.guest, KBD_IRQ);
}

void i8042_offer(struct i8042 *kbc)
{
	pthread_mutex_lock(&kbc->lock);
	if (!kbc->out_full && queue_empty(kbc))
		pull_key(kbc);
	bool raise = load_output(kbc);
	pthread_mutex_unlock(&kbc->lock);
	raise_if(kbc, raise);
}

void i8042_key_arrived(void *owner, int line)
{
	(void)line;
	i8042_offer(owner);
}

bool i8042_may_produce(struct i8042 *kbc)
{
	pthread_mutex_lock(&kbc->lock);
	bool may = kbc->out_full || !queue_empty(kbc) || kbc->npending;
	pthread_mutex_unlock(&kbc->lock);
	return may || kbd_may_produce(kbc->keys);
}

static int reboot(struct vcpu *cpu)
{
	vcpu_end(cpu, END_HALT, REASON_REBOOT, 0, END_NO_FIELDS);
	return VCPU_STOP;
}

/* A keyboard command (a data write with no controller command waiting). */
static void keyboard_command(struct i8042 *kbc, uint8_t command)
{
	switch (command) {
	case 0xff: reply2(kbc, ACK, 0xaa); break;          /* reset: ACK, self-test passed */
	case 0xf2: reply(kbc, 0x41); reply2(kbc, ACK, 0xab); break;   /* identify: MF2, translated */
	case 0xee: reply(kbc, 0xee); break;                /* echo */
	case 0xed: case 0xf3: case 0xf0:                   /* LEDs, typematic, scan-code set: a data byte follows */
		kbc->expect = command;
		reply(kbc, ACK);
		break;
	default: reply(kbc, ACK); break;                   /* enable, disable, defaults, ... */
	}
}

/* Port 0x60. */
int i8042_data_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct i8042 *kbc = owner;
	(void)offset, (void)size;
	int result = VCPU_CONTINUE;
	pthread_mutex_lock(&kbc->lock);
	if (!is_write) {
		data[0] = kbc->out;                            /* reads the last byte again when empty */
		kbc->out_full = false;
		if (queue_empty(kbc) && !kbc->keys->script)
			pull_key(kbc);                         /* live: the next key moves up */
	} else {
		kbc->last_was_command = false;
		uint8_t expect = kbc->expect;
		kbc->expect = 0;
		if (expect == 0x60)
			kbc->command_byte = data[0];
		else if (expect == 0xd1) {
			kbc->a20 = data[0] & 0x02;
			if (!(data[0] & 0x01))
				result = reboot(cpu);
		} else if (expect == 0xed || expect == 0xf3 || expect == 0xf0)
			reply(kbc, ACK);
		else
			keyboard_command(kbc, data[0]);
	}
	bool raise = load_output(kbc);
	bool full = kbc->out_full;
	pthread_mutex_unlock(&kbc->lock);
	raise_if(kbc, raise);
	if (!full)
		kbc->irq.withdraw(kbc->irq.guest, KBD_IRQ);
	return result;
}

static uint8_t output_port(const struct i8042 *kbc)
{
	return (uint8_t)(0x01 | (kbc->a20 ? 0x02 : 0) | (kbc->out_full ? 0x10 : 0));
}

/* A controller command (a write to port 0x64). Returns VCPU_STOP on reset. */
static int controller_command(struct i8042 *kbc, struct vcpu *cpu, uint8_t command)
{
	switch (command) {
	case 0x20: reply(kbc, kbc->command_byte); break;
	case 0x60: case 0xd1: kbc->expect = command; break;
	case 0xa9: case 0xab: reply(kbc, 0x00); break;     /* interface tests: passed */
	case 0xaa: reply(kbc, 0x55); break;                /* self-test: passed */
	case 0xad: kbc->command_byte |= CMD_KBD_OFF; break;
	case 0xae: kbc->command_byte &= (uint8_t)~CMD_KBD_OFF; break;
	case 0xc0: reply(kbc, 0x00); break;                /* input port */
	case 0xd0: reply(kbc, output_port(kbc)); break;
	case 0xdd: kbc->a20 = false; break;
	case 0xdf: kbc->a20 = true; break;
	default:
		if (command >= 0xf0 && !(command & 0x01))      /* pulse the reset line (0xFE) */
			return reboot(cpu);
		break;                                     /* aux port and the rest: ignored */
	}
	return VCPU_CONTINUE;
}

/* Port 0x64. */
int i8042_command_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct i8042 *kbc = owner;
	(void)offset, (void)size;
	int result = VCPU_CONTINUE;
	if (!is_write)
		vcpu_flush_output(cpu);                        /* a guest polling for a key waits */
	pthread_mutex_lock(&kbc->lock);
	if (is_write) {
		kbc->last_was_command = true;
		result = controller_command(kbc, cpu, data[0]);
	} else {
		if (!kbc->out_full && queue_empty(kbc))
			pull_key(kbc);
		data[0] = (uint8_t)(STATUS_SYSTEM | STATUS_UNLOCKED | (kbc->last_was_command ? STATUS_COMMAND : 0));
	}
	bool raise = load_output(kbc);
	if (!is_write && kbc->out_full)
		data[0] |= STATUS_OUT_FULL;
	pthread_mutex_unlock(&kbc->lock);
	raise_if(kbc, raise);
	return result;
}

/* Port 0x92: bit 1 the A20 gate, bit 0 a fast reset. */
int i8042_port92_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct i8042 *kbc = owner;
	(void)offset, (void)size;
	pthread_mutex_lock(&kbc->lock);
	if (!is_write)
		data[0] = kbc->a20 ? 0x02 : 0x00;
	else
		kbc->a20 = data[0] & 0x02;
	pthread_mutex_unlock(&kbc->lock);
	if (is_write && (data[0] & 0x01))
		return reboot(cpu);
	return VCPU_CONTINUE;
}
