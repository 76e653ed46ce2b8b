/* retour-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-context"

#include "config.h"

#include "retour-context.h"

struct _RetourContext
{
  GObject              parent_instance;

  RetourDatabase      *database;
  RetourKeyring       *keyring;
  GTimeZone           *time_zone;
  char                *actor;
  RetourClockFunc      clock;
  gpointer             clock_data;
  RetourSyncScheduler *scheduler;
};

G_DEFINE_FINAL_TYPE (RetourContext, retour_context, G_TYPE_OBJECT)

static void
retour_context_finalize (GObject *object)
{
  RetourContext *self = RETOUR_CONTEXT (object);

  /* A run under way holds the scheduler until it has stopped. */
  if (self->scheduler != NULL)
    retour_sync_scheduler_shutdown (self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->database);
  g_clear_object (&self->keyring);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (retour_context_parent_class)->finalize (object);
}

static void
retour_context_class_init (RetourContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_context_finalize;
}

static void
retour_context_init (RetourContext *self)
{
  const char *name = g_get_real_name ();

  /* g_get_real_name() answers "Unknown" when the passwd entry has no name. */
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  self->time_zone = g_time_zone_new_local ();
  self->actor = g_strdup (name);
  self->clock = retour_clock_real_time;
}

RetourContext *
retour_context_new (RetourDatabase *database)
{
  RetourContext *self;

  g_return_val_if_fail (RETOUR_IS_DATABASE (database), NULL);

  self = g_object_new (RETOUR_TYPE_CONTEXT, NULL);
  self->database = g_object_ref (database);

  return self;
}

RetourContext *
retour_context_new_for_thread (RetourContext  *self,
                               RetourDatabase *database)
{
  RetourContext *copy;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (RETOUR_IS_DATABASE (database), NULL);

  copy = retour_context_new (database);
  copy->clock = self->clock;
  copy->clock_data = self->clock_data;
  retour_context_set_time_zone (copy, self->time_zone);
  retour_context_set_actor (copy, self->actor);
  /* Not retour_context_get_keyring (): that would make one on @self,
   * which belongs to another thread. */
  if (self->keyring != NULL)
    copy->keyring = g_object_ref (self->keyring);

  return copy;
}

RetourDatabase *
retour_context_get_database (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  return self->database;
}

gint64
retour_context_now (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), 0);

  return self->clock (self->clock_data);
}

void
retour_context_set_clock (RetourContext   *self,
                          RetourClockFunc  func,
                          gpointer         user_data)
{
  g_return_if_fail (RETOUR_IS_CONTEXT (self));

  self->clock = func != NULL ? func : retour_clock_real_time;
  self->clock_data = func != NULL ? user_data : NULL;
  if (self->scheduler != NULL)
    retour_sync_scheduler_set_clock (self->scheduler, self->clock, self->clock_data);
}

void
retour_context_get_clock (RetourContext   *self,
                          RetourClockFunc *func,
                          gpointer        *user_data)
{
  g_return_if_fail (RETOUR_IS_CONTEXT (self));
  g_return_if_fail (func != NULL && user_data != NULL);

  *func = self->clock;
  *user_data = self->clock_data;
}

GTimeZone *
retour_context_get_time_zone (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  return self->time_zone;
}

GDateTime *
retour_context_to_local (RetourContext *self,
                         gint64         utc_us)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  return utc != NULL ? g_date_time_to_timezone (utc, self->time_zone) : NULL;
}

char *
retour_context_format_time (RetourContext *self,
                            gint64         utc_us,
                            const char    *format)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  local = retour_context_to_local (self, utc_us);
  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

void
retour_context_set_time_zone (RetourContext *self,
                              GTimeZone     *tz)
{
  g_return_if_fail (RETOUR_IS_CONTEXT (self));
  g_return_if_fail (tz != NULL);

  g_time_zone_ref (tz);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = tz;
}

const char *
retour_context_get_actor (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  return self->actor;
}

void
retour_context_set_actor (RetourContext *self,
                          const char    *actor)
{
  g_return_if_fail (RETOUR_IS_CONTEXT (self));
  g_return_if_fail (actor != NULL);

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

RetourKeyring *
retour_context_get_keyring (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  /* Made when first needed: most runs of the CLI never ask. */
  if (self->keyring == NULL)
    self->keyring = retour_keyring_new ();

  return self->keyring;
}

void
retour_context_set_keyring (RetourContext *self,
                            RetourKeyring *keyring)
{
  g_return_if_fail (RETOUR_IS_CONTEXT (self));
  g_return_if_fail (RETOUR_IS_KEYRING (keyring));

  g_set_object (&self->keyring, keyring);
  if (self->scheduler != NULL)
    retour_sync_scheduler_set_keyring (self->scheduler, keyring);
}

RetourSyncScheduler *
retour_context_get_sync_scheduler (RetourContext *self)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (self), NULL);

  if (self->scheduler == NULL)
    self->scheduler = retour_sync_scheduler_new (self->database, retour_context_get_keyring (self),
                                                 self->clock, self->clock_data);

  return self->scheduler;
}
