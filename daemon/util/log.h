/* Logging to stderr with the priority prefixes journald reads ("<3>" for an error). */
#ifndef POSD_LOG_H
#define POSD_LOG_H

#include <systemd/sd-daemon.h>

void log_at(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_at(SD_ERR, __VA_ARGS__)
#define log_warn(...) log_at(SD_WARNING, __VA_ARGS__)
#define log_info(...) log_at(SD_INFO, __VA_ARGS__)

#endif
