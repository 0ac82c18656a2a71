; timer_busy.asm: timer_real.asm spinning instead of halting.
%define BUSY
%include "timer_real.asm"
