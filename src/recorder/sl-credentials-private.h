// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sl-credentials-file.h"
#include "sl-credentials.h"

G_BEGIN_DECLS

/* Internals shared by the sl-credentials*.c files: the choice of store that
 * every operation makes the same way (sl-credentials.c) and the errors it
 * shares. */

SlCredentialsFile *sl_credentials_get_file (SlCredentials *self);

/* FALSE, with @error set, when SL_CREDENTIALS_BACKEND names no store. */
gboolean sl_credentials_check_backend (SlCredentials *self, GError **error);
gboolean sl_credentials_uses_secret_service (SlCredentials *self);

/* In automatic mode a Secret Service that cannot be reached hands over to the
 * file for good; returns TRUE, with @error cleared, when the caller should
 * retry with the file. */
gboolean sl_credentials_fall_back_to_file (SlCredentials *self, GError **error);

/* Takes @cause when it is a cancellation or an unreachable Secret Service
 * (and returns TRUE); otherwise leaves it to the caller. */
gboolean sl_credentials_propagate_common_error (GError **error, GError *cause);

G_END_DECLS
