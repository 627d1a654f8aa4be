/* PID 1: the boot state machine and the supervision loop. */
#ifndef LB_PID1_H
#define LB_PID1_H

/* Run as PID 1. Never returns. */
void pid1_main(void) __attribute__((noreturn));

#endif
