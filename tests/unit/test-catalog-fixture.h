// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "sl-catalog-private.h"

/* Shared by the test-catalog-*.c files: one temporary catalog per test, a second
 * raw SQLite connection, and helpers that add cameras and segments. */

G_BEGIN_DECLS

#define SECOND G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SECOND)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
/* 2026-01-01 00:00 UTC: every test time is an offset from it. */
#define T0 G_GINT64_CONSTANT (1767225600000000)

typedef struct
{
  char *dir;
  char *path;
  SlCatalog *catalog;
} Fixture;

void remove_tree (const char *dir);
void fixture_set_up (Fixture *fixture, gconstpointer data);
void fixture_tear_down (Fixture *fixture, gconstpointer data);

sqlite3 *raw_open (const char *path);
gint64 raw_int (sqlite3 *db, const char *sql);
char *raw_text (sqlite3 *db, const char *sql);

SlCameraRecord camera_template (const char *name);
gint64 add_camera (SlCatalog *catalog, const char *name, gint64 storage_id);
gint64
add_segment (SlCatalog *catalog, gint64 camera_id, const char *stream, gint64 start, gint64 end);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* Each registers its tests, in the order they have always run. */
void test_catalog_add_recordings_tests (void);
void test_catalog_add_bookmarks_tests (void);

G_END_DECLS
