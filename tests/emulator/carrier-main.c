/* carrier-main.c — retour-carrier-emulator: PostNL, DHL, InPost and
 * Colissimo on this computer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   retour-carrier-emulator
 *
 * Prints "http://127.0.0.1:PORT" on standard output and serves until
 * killed; the tests steer it through /_control (see
 * retour-carrier-emulator.c: advance its clock, add faults, end a
 * parcel, count labels).
 */
#include "config.h"

#include <stdio.h>

#include "retour-carrier-emulator.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RetourCarrierEmulator) emulator = retour_carrier_emulator_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;

  if (!retour_carrier_emulator_start (emulator, &error))
    {
      fprintf (stderr, "retour-carrier-emulator: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", retour_carrier_emulator_get_url (emulator));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  return 0;
}
