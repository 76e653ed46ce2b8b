/* retour-lifecycle.c — the statuses of an RMA and the one table of the
 * steps between them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-lifecycle.h"

typedef struct
{
  const char *key;           /* stored in the database: never change */
  const char *label;         /* N_(): the status, for people */
  const char *action_label;  /* N_(): the verb that leads here, or NULL */
  gboolean    terminal;
} StatusInfo;

static const StatusInfo statuses[RETOUR_RMA_N_STATUSES] = {
  [RETOUR_RMA_STATUS_DRAFT] =
    { "draft", NC_("rma status", "Draft"), NULL, FALSE },
  [RETOUR_RMA_STATUS_REQUESTED] =
    { "requested", NC_("rma status", "Requested"), NC_("rma action", "Submit request"), FALSE },
  [RETOUR_RMA_STATUS_AUTHORIZED] =
    { "authorized", NC_("rma status", "Authorized"), NC_("rma action", "Authorize"), FALSE },
  [RETOUR_RMA_STATUS_IN_TRANSIT] =
    { "in_transit", NC_("rma status", "In transit"), NC_("rma action", "Mark in transit"), FALSE },
  [RETOUR_RMA_STATUS_RECEIVED] =
    { "received", NC_("rma status", "Received"), NC_("rma action", "Mark as received"), FALSE },
  [RETOUR_RMA_STATUS_INSPECTED] =
    { "inspected", NC_("rma status", "Inspected"), NC_("rma action", "Mark as inspected"), FALSE },
  [RETOUR_RMA_STATUS_RESOLVED] =
    { "resolved", NC_("rma status", "Resolved"), NC_("rma action", "Resolve"), FALSE },
  [RETOUR_RMA_STATUS_CLOSED] =
    { "closed", NC_("rma status", "Closed"), NC_("rma action", "Close"), TRUE },
  [RETOUR_RMA_STATUS_REJECTED] =
    { "rejected", NC_("rma status", "Rejected"), NC_("rma action", "Reject"), TRUE },
  [RETOUR_RMA_STATUS_CANCELLED] =
    { "cancelled", NC_("rma status", "Cancelled"), NC_("rma action", "Cancel return"), TRUE },
  [RETOUR_RMA_STATUS_EXPIRED] =
    { "expired", NC_("rma status", "Expired"), NC_("rma action", "Expire"), TRUE },
};

typedef struct
{
  RetourRmaStatus from;
  RetourRmaStatus to;
} Transition;

/* Every step an RMA can take, and the only place that says so. Grouped by
 * @from in the order the UI offers them: the way forward first, then the
 * ways out. */
static const Transition transitions[] = {
  { RETOUR_RMA_STATUS_DRAFT,      RETOUR_RMA_STATUS_REQUESTED },
  { RETOUR_RMA_STATUS_DRAFT,      RETOUR_RMA_STATUS_CANCELLED },

  { RETOUR_RMA_STATUS_REQUESTED,  RETOUR_RMA_STATUS_AUTHORIZED },
  { RETOUR_RMA_STATUS_REQUESTED,  RETOUR_RMA_STATUS_REJECTED },
  { RETOUR_RMA_STATUS_REQUESTED,  RETOUR_RMA_STATUS_CANCELLED },

  { RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_IN_TRANSIT },
  { RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_RECEIVED },
  /* A keep-it refund: nothing comes back (retour_rma_can_transition()
   * refuses any other resolution). */
  { RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_RESOLVED },
  { RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_CANCELLED },
  { RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_EXPIRED },

  { RETOUR_RMA_STATUS_IN_TRANSIT, RETOUR_RMA_STATUS_RECEIVED },
  /* The parcel was lost. */
  { RETOUR_RMA_STATUS_IN_TRANSIT, RETOUR_RMA_STATUS_EXPIRED },

  { RETOUR_RMA_STATUS_RECEIVED,   RETOUR_RMA_STATUS_INSPECTED },

  { RETOUR_RMA_STATUS_INSPECTED,  RETOUR_RMA_STATUS_RESOLVED },
  { RETOUR_RMA_STATUS_INSPECTED,  RETOUR_RMA_STATUS_REJECTED },

  { RETOUR_RMA_STATUS_RESOLVED,   RETOUR_RMA_STATUS_CLOSED },
};

static gboolean
status_is_valid (RetourRmaStatus status)
{
  return (guint) status < RETOUR_RMA_N_STATUSES;
}

const char *
retour_rma_status_to_key (RetourRmaStatus status)
{
  g_return_val_if_fail (status_is_valid (status), NULL);

  return statuses[status].key;
}

gboolean
retour_rma_status_from_key (const char      *key,
                            RetourRmaStatus *out_status)
{
  /* Keys come from the database: an unknown one is an answer, not a bug. */
  if (key == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (strcmp (key, statuses[i].key) == 0)
        {
          if (out_status != NULL)
            *out_status = (RetourRmaStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
retour_rma_status_get_label (RetourRmaStatus status)
{
  g_return_val_if_fail (status_is_valid (status), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "rma status", statuses[status].label);
}

const char *
retour_rma_status_get_action_label (RetourRmaStatus to)
{
  g_return_val_if_fail (status_is_valid (to), NULL);

  if (statuses[to].action_label == NULL)
    return NULL;

  return g_dpgettext2 (GETTEXT_PACKAGE, "rma action", statuses[to].action_label);
}

gboolean
retour_rma_status_is_terminal (RetourRmaStatus status)
{
  g_return_val_if_fail (status_is_valid (status), FALSE);

  return statuses[status].terminal;
}

gboolean
retour_rma_status_reached (RetourRmaStatus status,
                           RetourRmaStatus step)
{
  /* The places on the way to closed; the ends off it have none. */
  static const int place[RETOUR_RMA_N_STATUSES] = {
    [RETOUR_RMA_STATUS_DRAFT] = 0,
    [RETOUR_RMA_STATUS_REQUESTED] = 1,
    [RETOUR_RMA_STATUS_AUTHORIZED] = 2,
    [RETOUR_RMA_STATUS_IN_TRANSIT] = 3,
    [RETOUR_RMA_STATUS_RECEIVED] = 4,
    [RETOUR_RMA_STATUS_INSPECTED] = 5,
    [RETOUR_RMA_STATUS_RESOLVED] = 6,
    [RETOUR_RMA_STATUS_CLOSED] = 7,
    [RETOUR_RMA_STATUS_REJECTED] = -1,
    [RETOUR_RMA_STATUS_CANCELLED] = -1,
    [RETOUR_RMA_STATUS_EXPIRED] = -1,
  };

  g_return_val_if_fail (status_is_valid (status), FALSE);
  g_return_val_if_fail (status_is_valid (step) && place[step] >= 0, FALSE);

  return place[status] >= place[step];
}

gboolean
retour_lifecycle_allows (RetourRmaStatus from,
                         RetourRmaStatus to)
{
  g_return_val_if_fail (status_is_valid (from), FALSE);
  g_return_val_if_fail (status_is_valid (to), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      if (transitions[i].from == from && transitions[i].to == to)
        return TRUE;
    }

  return FALSE;
}

guint
retour_lifecycle_next (RetourRmaStatus  from,
                       RetourRmaStatus *out)
{
  guint n = 0;

  g_return_val_if_fail (status_is_valid (from), 0);
  g_return_val_if_fail (out != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      if (transitions[i].from == from)
        {
          g_assert (n < RETOUR_RMA_N_STATUSES);
          out[n++] = transitions[i].to;
        }
    }

  return n;
}
