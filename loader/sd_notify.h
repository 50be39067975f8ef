/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Telling systemd (a Type=notify unit) what the scheduler is doing: READY
 * once the kernel enabled it, a STATUS line `systemctl status` shows, and
 * why it exited. The protocol is one datagram to $NOTIFY_SOCKET
 * (sd_notify(3)); without that variable nothing is sent.
 */
#ifndef FS_LOADER_SD_NOTIFY_H
#define FS_LOADER_SD_NOTIFY_H

/* Send "KEY=VALUE\n..." as formatted; 0, or -1 (not under systemd too). */
int fs_sd_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
