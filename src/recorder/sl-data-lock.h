// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SlDataLock:
 *
 * Proof that this process is the one recorder that owns a data folder. The lock
 * is held by the kernel for an open file, so it goes away with the process, even
 * after `kill -9`.
 */
typedef struct _SlDataLock SlDataLock;

SlDataLock *
sl_data_lock_acquire (const char *data_dir, const char *owner_description, GError **error);
void sl_data_lock_release (SlDataLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDataLock, sl_data_lock_release)

G_END_DECLS
