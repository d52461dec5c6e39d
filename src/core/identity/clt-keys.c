/* clt-keys.c: names folded (case, accents, umlauts, ß) with DE/EN nicknames, e-mail
 * addresses as their provider delivers them, streets with their abbreviations written
 * out and the house number apart, and the Jaro-Winkler similarity of two strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-keys"

#include "config.h"

#include <string.h>

#include "clt-keys.h"

/* Characters a key is compared in without allocating. */
#define JARO_STACK 64

/**
 * clt_key_name:
 * @name: a name as written: "Jürgen", "MÜLLER-Lüdenscheidt", "Zoë O'Neill"
 *
 * Returns: (transfer full): the name folded for comparing: lower case, ä ö ü as ae oe ue,
 *   ß as ss, other accents dropped, punctuation as spaces, spaces single: "juergen",
 *   "mueller luedenscheidt", "zoe o neill"
 */
char *
clt_key_name (const char *name)
{
  g_autofree char *lower = NULL;
  g_autofree char *nfd = NULL;
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_string_free (out, FALSE);

  lower = g_utf8_strdown (name, -1);
  nfd = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);

  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x308 && out->len > 0 && strchr ("aou", out->str[out->len - 1]))
        {
          /* German umlauts are written with an e where the letter is missing. */
          g_string_append_c (out, 'e');
          continue;
        }
      if (g_unichar_ismark (c))
        continue;

      if (c == 0xdf)
        {
          g_string_append (out, "ss");
          space = FALSE;
        }
      else if (g_unichar_isalnum (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else
        space = TRUE;
    }

  return g_string_free (out, FALSE);
}

/**
 * clt_key_name_parts:
 *
 * Returns: (transfer full): the folded parts of a double or compound name: "Müller-Lüdenscheidt"
 *   gives "mueller" and "luedenscheidt"
 */
GStrv
clt_key_name_parts (const char *name)
{
  g_autofree char *folded = clt_key_name (name);

  return g_strsplit (folded, " ", -1);
}

/* Nicknames and short forms, folded, to the name they stand for. */
static const char * const nicknames[][2] = {
  { "hannes", "johannes" }, { "hans", "johannes" }, { "jo", "johannes" }, { "johann", "johannes" },
  { "kathi", "katharina" }, { "kati", "katharina" }, { "katja", "katharina" }, { "kathrin", "katharina" },
  { "lisa", "elisabeth" }, { "liesl", "elisabeth" }, { "sissi", "elisabeth" }, { "elise", "elisabeth" },
  { "alex", "alexander" }, { "sascha", "alexander" }, { "grete", "margarete" }, { "gretel", "margarete" },
  { "wolf", "wolfgang" }, { "susi", "susanne" }, { "sanne", "susanne" }, { "max", "maximilian" },
  { "maxi", "maximilian" }, { "franzi", "franziska" }, { "tom", "thomas" }, { "thomy", "thomas" },
  { "micha", "michael" }, { "michi", "michael" }, { "andi", "andreas" }, { "chris", "christian" },
  { "christoph", "christoph" }, { "doro", "dorothea" }, { "fritz", "friedrich" }, { "friedel", "friedrich" },
  { "babsi", "barbara" }, { "tobi", "tobias" }, { "uschi", "ursula" }, { "ulla", "ursula" },
  { "sepp", "josef" }, { "joe", "josef" }, { "beppo", "josef" }, { "steffi", "stefanie" }, { "manu", "manuela" },
  { "resi", "theresa" }, { "flo", "florian" }, { "basti", "sebastian" }, { "benni", "benjamin" },
  { "ben", "benjamin" }, { "nik", "nikolaus" }, { "klaus", "nikolaus" }, { "dani", "daniel" },
  { "heini", "heinrich" }, { "heinz", "heinrich" }, { "jupp", "josef" }, { "kalle", "karl" },
  { "bill", "william" }, { "will", "william" }, { "bob", "robert" }, { "rob", "robert" }, { "bobby", "robert" },
  { "jim", "james" }, { "jimmy", "james" }, { "mike", "michael" }, { "dick", "richard" }, { "rick", "richard" },
  { "liz", "elizabeth" }, { "beth", "elizabeth" }, { "betty", "elizabeth" }, { "kate", "katherine" },
  { "katie", "katherine" }, { "peggy", "margaret" }, { "maggie", "margaret" }, { "tony", "anthony" },
  { "ted", "edward" }, { "ed", "edward" }, { "sam", "samuel" }, { "dave", "david" }, { "steve", "stephen" },
};

/**
 * clt_key_nickname:
 * @folded_first_name: a first name folded by clt_key_name()
 *
 * Returns: the full name a nickname stands for ("hannes" → "johannes"), or the name itself
 */
const char *
clt_key_nickname (const char *folded_first_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (nicknames); i++)
    {
      if (g_strcmp0 (nicknames[i][0], folded_first_name) == 0)
        return nicknames[i][1];
    }

  return folded_first_name;
}

/**
 * clt_key_email:
 * @email: an address normalised for matching (trimmed, lower case)
 *
 * Returns: (transfer full): the mailbox the address delivers to: where the provider ignores
 *   them, dots (Gmail) and +tags (Gmail, Outlook, iCloud, Posteo, mailbox.org) are dropped,
 *   and googlemail.com is gmail.com
 */
char *
clt_key_email (const char *email)
{
  static const char * const ignore_dots[] = { "gmail.com", "googlemail.com", NULL };
  static const char * const ignore_tags[] = {
    "gmail.com", "googlemail.com", "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.com",
    "live.de", "icloud.com", "me.com", "posteo.de", "posteo.net", "mailbox.org", "fastmail.com", "proton.me",
    "protonmail.com", NULL,
  };
  const char *at = email ? strrchr (email, '@') : NULL;
  g_autofree char *local = NULL;
  const char *domain;
  GString *out;

  if (at == NULL)
    return g_strdup (email);

  local = g_strndup (email, at - email);
  domain = at + 1;

  if (g_strv_contains (ignore_tags, domain))
    {
      char *plus = strchr (local, '+');

      if (plus != NULL)
        *plus = '\0';
    }

  out = g_string_new (NULL);
  for (const char *p = local; *p; p++)
    {
      if (*p == '.' && g_strv_contains (ignore_dots, domain))
        continue;
      g_string_append_c (out, *p);
    }
  g_string_append_printf (out, "@%s", g_str_equal (domain, "googlemail.com") ? "gmail.com" : domain);

  return g_string_free (out, FALSE);
}

/* How German streets are abbreviated, folded, and what the words are. */
static const char * const street_words[][2] = {
  { "str", "strasse" }, { "strase", "strasse" }, { "pl", "platz" },
  { "weg", "weg" }, { "allee", "allee" }, { "ch", "chaussee" }, { "st", "sankt" }, { "gr", "grosse" },
};

/**
 * clt_key_street:
 * @street: a street with or without its house number: "Hauptstr. 5a", "Am Markt 12-14"
 * @house_number: (out) (optional) (transfer full): the house number, folded ("5a"), or %NULL
 *
 * Returns: (transfer full): the street folded with its abbreviations written out:
 *   "hauptstrasse", "am markt"
 */
char *
clt_key_street (const char  *street,
                char       **house_number)
{
  g_autofree char *folded = clt_key_name (street);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  GString *out = g_string_new (NULL);
  GString *number = g_string_new (NULL);
  guint n = g_strv_length (words);

  /* The house number: the trailing words that start with a digit, and a letter after them. */
  while (n > 0 && (g_ascii_isdigit (words[n - 1][0]) ||
                   (strlen (words[n - 1]) == 1 && n > 1 && g_ascii_isdigit (words[n - 2][0]))))
    {
      g_string_prepend (number, words[n - 1]);
      n--;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *word = NULL;

      for (guint w = 0; w < G_N_ELEMENTS (street_words) && word == NULL; w++)
        if (g_str_equal (words[i], street_words[w][0]))
          word = g_strdup (street_words[w][1]);

      /* "Hauptstr" and "Hauptstrase" are "Hauptstrasse", "Marienpl" is "Marienplatz". */
      if (word == NULL && strlen (words[i]) > 4 && g_str_has_suffix (words[i], "str"))
        word = g_strconcat (words[i], "asse", NULL);
      else if (word == NULL && strlen (words[i]) > 4 && g_str_has_suffix (words[i], "pl"))
        word = g_strconcat (words[i], "atz", NULL);
      else if (word == NULL && strlen (words[i]) > 7 && g_str_has_suffix (words[i], "strase"))
        word = g_strdup_printf ("%.*sstrasse", (int) strlen (words[i]) - 6, words[i]);

      if (word == NULL)
        word = g_strdup (words[i]);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }

  if (house_number != NULL)
    *house_number = number->len > 0 ? g_string_free (number, FALSE) : (g_string_free (number, TRUE), NULL);
  else
    g_string_free (number, TRUE);

  return g_string_free (out, FALSE);
}

/* The characters of @text, in @stack where they fit (no allocation for the short keys nearly
 * all names are), else in @heap. */
static const gunichar *
decode (const char  *text,
        gunichar    *stack,
        gunichar   **heap,
        glong       *len)
{
  glong n = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      if (n == JARO_STACK)
        {
          *heap = g_utf8_to_ucs4_fast (text, -1, len);
          return *heap;
        }
      stack[n++] = g_utf8_get_char (p);
    }

  *len = n;
  return stack;
}

/**
 * clt_jaro_winkler_at_least:
 * @floor: the least similarity of interest
 *
 * Returns: clt_jaro_winkler() of @a and @b; or, where the characters they share cannot
 *   reach @floor, 0, without comparing them further
 */
double
clt_jaro_winkler_at_least (const char *a,
                           const char *b,
                           double      floor)
{
  gunichar s_stack[JARO_STACK], t_stack[JARO_STACK];
  gboolean s_flags[JARO_STACK] = { FALSE }, t_flags[JARO_STACK] = { FALSE };
  g_autofree gunichar *s_heap = NULL;
  g_autofree gunichar *t_heap = NULL;
  g_autofree gboolean *s_matched_heap = NULL;
  g_autofree gboolean *t_matched_heap = NULL;
  const gunichar *s, *t;
  gboolean *s_matched, *t_matched;
  glong n, m, window;
  glong matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  if (a == NULL || b == NULL)
    return 0;
  s = decode (a, s_stack, &s_heap, &n);
  t = decode (b, t_stack, &t_heap, &m);
  if (n == 0 && m == 0)
    return 1;
  if (n == 0 || m == 0)
    return 0;

  while (prefix < MIN (4, MIN (n, m)) && s[prefix] == t[prefix])
    prefix++;

  /* No more characters match than the strings share, and none of them transposed at best. */
  if (floor > 0 && !s_heap && !t_heap)
    {
      guint8 counts[128] = { 0 };
      glong common = 0;
      gboolean ascii = TRUE;

      for (glong i = 0; i < n && ascii; i++)
        ascii = s[i] < 128 && ++counts[s[i]];
      for (glong j = 0; j < m && ascii; j++)
        {
          ascii = t[j] < 128;
          if (ascii && counts[t[j]] > 0)
            {
              counts[t[j]]--;
              common++;
            }
        }
      jaro = common == 0 ? 0 : ((double) common / n + (double) common / m + 1) / 3;
      if (ascii && jaro + prefix * 0.1 * (1 - jaro) < floor)
        return 0;
    }

  s_matched = s_heap ? (s_matched_heap = g_new0 (gboolean, n)) : s_flags;
  t_matched = t_heap ? (t_matched_heap = g_new0 (gboolean, m)) : t_flags;
  window = MAX (0, MAX (n, m) / 2 - 1);

  for (glong i = 0; i < n; i++)
    {
      for (glong j = MAX (0, i - window); j < MIN (m, i + window + 1); j++)
        {
          if (!t_matched[j] && s[i] == t[j])
            {
              s_matched[i] = t_matched[j] = TRUE;
              matches++;
              break;
            }
        }
    }

  if (matches == 0)
    return 0;

  for (glong i = 0, j = 0; i < n; i++)
    {
      if (!s_matched[i])
        continue;
      while (!t_matched[j])
        j++;
      if (s[i] != t[j])
        transpositions++;
      j++;
    }

  jaro = ((double) matches / n + (double) matches / m + (double) (matches - transpositions / 2) / matches) / 3;

  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * clt_jaro_winkler:
 *
 * Returns: the Jaro-Winkler similarity of @a and @b, from 0 (nothing alike) to 1 (equal),
 *   with the usual prefix scale of 0.1 over at most four characters
 */
double
clt_jaro_winkler (const char *a,
                  const char *b)
{
  return clt_jaro_winkler_at_least (a, b, 0);
}
