// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_ERROR (sl_error_quark ())

/**
 * SlError:
 * @SL_ERROR_FAILED: a failure without a more specific code
 * @SL_ERROR_INVALID_ARGUMENT: a caller or user passed a value that cannot be used
 * @SL_ERROR_DATA_DIR: the data folder cannot be created or used
 * @SL_ERROR_CREDENTIALS: a camera password cannot be stored or read
 * @SL_ERROR_LOCKED: another recorder owns the data folder
 * @SL_ERROR_CATALOG: the catalog database cannot be opened, read or written
 * @SL_ERROR_NOT_FOUND: the camera, segment or other item asked for does not exist
 * @SL_ERROR_EXISTS: an item with the same name or path already exists
 * @SL_ERROR_NOT_SUPPORTED: a device answered, but not like a model Sightline supports
 *
 * Error codes of the %SL_ERROR domain. Messages are translated and say what the
 * user can do about the failure.
 */
typedef enum
{
  SL_ERROR_FAILED,
  SL_ERROR_INVALID_ARGUMENT,
  SL_ERROR_DATA_DIR,
  SL_ERROR_CREDENTIALS,
  SL_ERROR_LOCKED,
  SL_ERROR_CATALOG,
  SL_ERROR_NOT_FOUND,
  SL_ERROR_EXISTS,
  SL_ERROR_NOT_SUPPORTED,
} SlError;

GQuark sl_error_quark (void);

G_END_DECLS
