/* abi.h: the guest ABI, defined once (docs/ABI.md): what a guest and
 * mini-kvm agree on, the ports and numbers of the hypercalls, the devices'
 * ports, the interrupt vectors, and the process statuses a run ends with.
 *
 * Plain #defines of numbers only, so that every other copy can be checked
 * against this file: the VMM includes it; suite/abi.py reads it for the
 * Python side (mkvm, the grader); suite/test_abi.py checks that the copies
 * guests carry (guests/include/abi.inc and mkvm.h, suite/guests/io.inc,
 * guests/hostile/hostile.inc, the assignments' minikvm.h, os1k's hc.c)
 * say the same.
 *
 * Registers: a hypercall is `out dx, al` with DX = HC_PORT and AL = the
 * call number; HC_PUTCHAR and HC_EXIT_CODE take their argument in BL;
 * HC_GETCHAR's key is read with `in al, dx` right after it.
 *
 * Numbers: 0-2 are the original Mini-KVM's calls. 3-0x7F are the
 * original's too in the sense that an original guest may make them (its
 * own test guest makes call 3): the original stops that vCPU, and so does
 * mini-kvm (status 0, the end names the call). This project's extensions
 * start at HC_FIRST_EXTENSION, numbers no original guest uses; an unknown
 * call there is a guest fault (104). docs/ABI.md has the table. */
#ifndef MINIKVM_ABI_H
#define MINIKVM_ABI_H

/* Hypercalls (port HC_PORT). */
#define HC_PORT             0x500
#define HC_EXIT             0       /* done, exit code 0 (reads no register) */
#define HC_PUTCHAR          1       /* print BL */
#define HC_GETCHAR          2       /* then `in al, dx`: the next key */
#define HC_FIRST_EXTENSION  0x80    /* this project's calls start here */
#define HC_EXIT_CODE        0x80    /* done, exit code BL (0-HC_EXIT_CODE_MAX) */
#define HC_NO_KEY           0xFF    /* what the key read gives when there is none */
#define HC_EXIT_CODE_MAX    99

/* Ports of the VMM's devices. */
#define EXCEPTION_PORT      0x501   /* the fallback IDT's stubs write the vector here */
#define DEBUG_EXIT_PORT     0xf4    /* a write of CODE ends the run with (CODE << 1) | 1 */
#define SERIAL0_PORT        0x3f8   /* 16550 UART, COM1, 8 ports */
#define FW_CFG_PORT         0x510   /* selector; data at FW_CFG_PORT + 1 */
#define KBD_DATA            0x60    /* read: the waiting key (plain ASCII) */
#define KBD_STATUS          0x64    /* read: bit 0 set when a key waits in KBD_DATA */
#define PIC_CMD             0x20    /* 8259: command (write PIC_EOI for end-of-interrupt) */
#define PIC_DATA            0x21    /* 8259: interrupt mask, bit 0 timer, bit 1 keyboard */
#define PIC_SLAVE_CMD       0xa0    /* present, does nothing */
#define PIC_EOI             0x20

/* PC-style boot (docs/BIOS.md): a boot sector and the VMM's own BIOS. */
#define BIOS_SERVICE_PORT   0x508   /* the BIOS's stubs write the interrupt number here */
#define BIOS_ROM_BASE       0xf0000 /* 64 KiB of BIOS, entered at F000:FFF0 */
#define BIOS_FRAME_PTR      0xf0000 /* the caller's register frame: offset, segment */
#define BIOS_AGAIN          0xf0004 /* set by the VMM: wait for an interrupt, ask again */
#define BIOS_SVC_POST       0xff    /* the service the reset code calls */
#define BOOT_SECTOR_ADDR    0x7c00  /* where sector 0 is loaded and entered */
#define BOOT_DRIVE_FIRST    0x80    /* the first disk */
#define SECTOR_SIZE         512
#define BDA_BASE            0x400   /* the BIOS data area */
#define EBDA_BASE           0x9fc00 /* reserved below 640 KiB (E820) */
#define VGA_TEXT_BASE       0xb8000 /* text mode 3: 80x25 cells of (char, attribute) */
#define CRTC_INDEX_PORT     0x3d4   /* data at CRTC_INDEX_PORT + 1 */
#define A20_FAST_PORT       0x92    /* bit 1: A20, bit 0: reset */

/* Interrupt vectors before a guest remaps the PIC. */
#define VEC_TIMER_REAL      8       /* IRQ0 in real mode */
#define VEC_KBD_REAL        9       /* IRQ1 in real mode */
#define VEC_TIMER_PM        0x20    /* IRQ0 in pm32 and long mode */
#define VEC_KBD_PM          0x21    /* IRQ1 in pm32 and long mode */

/* Process statuses (docs/HARNESS.md). Guest exit codes are 0-99; the
 * VMM's own are even and >= 100; the debug-exit device's are odd. */
#define STATUS_OK           0
#define STATUS_GUEST_MAX    99
#define STATUS_USAGE        100
#define STATUS_IMAGE        102
#define STATUS_GUEST_FAULT  104
#define STATUS_TIMEOUT      106
#define STATUS_HOST_REFUSED 108
#define STATUS_VMM_ERROR    110
#define STATUS_STOPPED      112
#define STATUS_SCRIPT_TIMEOUT 114   /* --expect: a step's text did not appear in its time */

#endif
