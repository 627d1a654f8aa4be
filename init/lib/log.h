/* Logging: one line per write() to /dev/kmsg as "lifeboat: …"; warnings and
 * worse also to every console, never blocking on a slow one. */
#ifndef LB_LOG_H
#define LB_LOG_H

enum { LOG_ERR_ = 3, LOG_WARN_ = 4, LOG_NOTICE_ = 5, LOG_INFO_ = 6, LOG_DEBUG_ = 7 };

/* Open /dev/kmsg (PID 1), or log to stderr when it can't be opened (the CLI). */
void log_open(void);

/* Echo warnings and worse to this fd too (a console opened O_NONBLOCK); up to 8. */
void log_add_console(int fd);

/* Forget every console fd (before they are closed). */
void log_clear_consoles(void);

/* Write str to every console without blocking; text that does not fit is dropped. */
void log_to_consoles(const char *str);

void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERR_, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN_, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE_, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO_, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG_, __VA_ARGS__)

#endif
