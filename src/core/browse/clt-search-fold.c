/* clt-search-fold.c: the words a profile is found by
 *
 * Names fold as the matcher folds them (clt_key_name (): lower case, ä as ae, ß as ss, other
 * accents dropped). A profile is indexed under each word's folded form and, where it differs,
 * the form with ae/oe/ue collapsed to a/o/u, so that "muller" finds Müller and "jurgen" finds
 * Juergen; a query is folded the first way only, so "müller", "mueller" and "muell" all find
 * "mueller". E-mail addresses and ids with punctuation are also indexed whole (the FTS5
 * tokenizer keeps . @ _ + - inside a word), phone numbers by their international and national
 * digits; in a query, runs of digit groups ("0171 234") join into one number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-search-fold"

#include "config.h"

#include <string.h>

#include "clt-keys.h"
#include "clt-search-fold.h"

#define WORD_CHARS ".@_+-"

/* Calling codes tried longest first when a number's national form is wanted. */
static const char * const calling_codes[] = {
  "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
  "48", "49", "90", "351", "352", "353", "354", "356", "357", "358", "359", "370", "371", "372", "385",
  "386", "420", "421", "423",
};

/* Where folded words go: an array of strings, or (when indexing millions) one string of
 * words with a space before and after each. Each word goes once. */
typedef struct
{
  GPtrArray *array;
  GString   *text;
} Tokens;

static void
add_token (Tokens     *tokens,
           const char *token)
{
  if (token == NULL || token[0] == '\0')
    return;

  if (tokens->text != NULL)
    {
      gsize len = strlen (token);
      const char *at = tokens->text->str;

      while ((at = strstr (at, token)) != NULL)
        {
          if (at[-1] == ' ' && at[len] == ' ')
            return;
          at++;
        }
      g_string_append_len (tokens->text, token, len);
      g_string_append_c (tokens->text, ' ');
      return;
    }

  for (guint i = 0; i < tokens->array->len; i++)
    if (g_str_equal (g_ptr_array_index (tokens->array, i), token))
      return;

  g_ptr_array_add (tokens->array, g_strdup (token));
}

/* "mueller" → "muller", "juergen" → "jurgen"; NULL when there is nothing to collapse. */
static char *
collapse_umlauts (const char *folded)
{
  GString *out;
  const char *q;
  gboolean changed = FALSE;

  /* Most words have nothing to collapse: no allocation for them. */
  for (q = folded; *q; q++)
    if (q[1] == 'e' && (*q == 'a' || *q == 'o' || *q == 'u'))
      break;
  if (*q == '\0')
    return NULL;

  out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      g_string_append_c (out, *p);
      if (p[1] == 'e' && (*p == 'a' || *p == 'o' || *p == 'u'))
        {
          p++;
          changed = TRUE;
        }
    }

  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* A word with its punctuation (. @ _ + -) kept, folded as clt_key_name () folds letters. */
static char *
fold_whole (const char *word)
{
  g_autofree char *lower = NULL;
  g_autofree char *nfd = NULL;
  GString *out;
  gboolean ascii = TRUE;

  for (const char *p = word; *p && ascii; p++)
    ascii = (guchar) *p < 128;

  /* Addresses and ids are nearly always ASCII: folded in one pass. */
  if (ascii)
    {
      char *folded = g_malloc (strlen (word) + 1);
      char *end = folded;
      const char *start;

      for (const char *p = word; *p; p++)
        if (g_ascii_isalnum (*p) || strchr (WORD_CHARS, *p))
          *end++ = g_ascii_tolower (*p);
      *end = '\0';
      while (end > folded && strchr (WORD_CHARS, end[-1]))
        *--end = '\0';
      for (start = folded; *start && strchr (WORD_CHARS, *start); start++)
        ;
      memmove (folded, start, end - start + 1);

      return folded;
    }

  lower = g_utf8_strdown (word, -1);
  nfd = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  out = g_string_new (NULL);

  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x308 && out->len > 0 && strchr ("aou", out->str[out->len - 1]))
        g_string_append_c (out, 'e');
      else if (g_unichar_ismark (c))
        continue;
      else if (c == 0xdf)
        g_string_append (out, "ss");
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (c < 128 && strchr (WORD_CHARS, (char) c))
        g_string_append_c (out, (char) c);
    }

  /* Punctuation at either end is not part of the word. */
  while (out->len > 0 && strchr (WORD_CHARS, out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && strchr (WORD_CHARS, out->str[0]))
    g_string_erase (out, 0, 1);

  return g_string_free (out, FALSE);
}

/* Addresses, domains and ids ("anna.schmidt@example.de", "cus_9f2", "crm-0042") are also
 * words as a whole. */
static gboolean
is_compound (const char *word)
{
  return strchr (word, '@') != NULL || strchr (word, '.') != NULL || strchr (word, '_') != NULL;
}

/* Digits, perhaps with + ( ) / - as phone numbers are written: "+49", "(0)171", "234-56". */
static gboolean
is_number_group (const char *word)
{
  gboolean digits = FALSE;

  for (const char *p = word; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (strchr ("+()/-", *p) == NULL)
        return FALSE;
    }

  return digits;
}

/* ASCII words fold without Unicode tables: lower case, split at anything but letters and
 * digits, as clt_key_name () would. */
static gboolean
fold_ascii (const char        *word,
            CltSearchFoldMode  mode,
            Tokens            *tokens)
{
  char part[256];
  gsize len = 0;

  for (const char *p = word; *p; p++)
    if ((guchar) *p >= 128)
      return FALSE;

  for (const char *p = word;; p++)
    {
      if (*p != '\0' && g_ascii_isalnum (*p) && len < sizeof part - 1)
        part[len++] = g_ascii_tolower (*p);
      else if (len > 0 || *p == '\0')
        {
          part[len] = '\0';
          add_token (tokens, part);
          if (mode == CLT_SEARCH_FOLD_INDEX && len > 0)
            {
              g_autofree char *collapsed = collapse_umlauts (part);

              add_token (tokens, collapsed);
            }
          len = 0;
        }
      if (*p == '\0')
        break;
    }

  return TRUE;
}

static void
fold_word (const char        *word,
           CltSearchFoldMode  mode,
           Tokens            *tokens)
{
  g_auto(GStrv) parts = NULL;

  if (is_compound (word))
    {
      g_autofree char *whole = fold_whole (word);

      add_token (tokens, whole);
      if (mode == CLT_SEARCH_FOLD_QUERY)
        return;
    }

  /* Each part with its collapsed form ("juergen" and "jurgen") when indexing. */
  if (fold_ascii (word, mode, tokens))
    return;

  parts = clt_key_name_parts (word);
  for (guint i = 0; parts[i]; i++)
    {
      add_token (tokens, parts[i]);
      if (mode == CLT_SEARCH_FOLD_INDEX)
        {
          g_autofree char *collapsed = collapse_umlauts (parts[i]);

          add_token (tokens, collapsed);
        }
    }
}

/* The words of @text, folded, into @tokens. */
static void
fold_into (const char        *text,
           CltSearchFoldMode  mode,
           Tokens            *tokens)
{
  g_autoptr(GString) number = NULL;
  char stack[128];
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;

  /* Word by word, each copied to the stack where it fits (indexing folds millions). */
  for (p = text; *p;)
    {
      gsize len = strcspn (p, " \t\n\r,;");
      g_autofree char *heap = NULL;
      char *word;

      if (len == 0)
        {
          p++;
          continue;
        }
      word = len < sizeof stack ? stack : (heap = g_malloc (len + 1));
      memcpy (word, p, len);
      word[len] = '\0';
      p += len;

      if (mode == CLT_SEARCH_FOLD_QUERY && is_number_group (word))
        {
          /* "0171 234 5" is one number; "+49 171" and "0049 171" its international form. */
          if (number == NULL)
            number = g_string_new (NULL);
          for (const char *q = word; *q; q++)
            if (g_ascii_isdigit (*q))
              g_string_append_c (number, *q);
          continue;
        }

      if (number != NULL && number->len > 0)
        {
          add_token (tokens, g_str_has_prefix (number->str, "00") ? number->str + 2 : number->str);
          g_string_truncate (number, 0);
        }
      fold_word (word, mode, tokens);
    }

  if (number != NULL && number->len > 0)
    add_token (tokens, g_str_has_prefix (number->str, "00") ? number->str + 2 : number->str);
}

/* A phone number's digits, international and national, into @tokens. */
static void
fold_phone_into (const char *phone,
                 Tokens     *tokens)
{
  char digits_buf[64];
  char national_buf[64];
  const char *digits;
  gsize len = 0;
  gboolean international;

  if (phone == NULL)
    return;

  international = phone[0] == '+' || g_str_has_prefix (phone, "00");
  for (const char *p = phone; *p && len < sizeof digits_buf - 1; p++)
    if (g_ascii_isdigit (*p))
      digits_buf[len++] = *p;
  digits_buf[len] = '\0';
  digits = g_str_has_prefix (phone, "00") ? digits_buf + 2 : digits_buf;

  add_token (tokens, digits);
  if (!international)
    return;

  for (gsize code_len = 3; code_len >= 1; code_len--)
    {
      for (guint i = 0; i < G_N_ELEMENTS (calling_codes); i++)
        {
          if (strlen (calling_codes[i]) != code_len || !g_str_has_prefix (digits, calling_codes[i]))
            continue;

          /* North America dials no trunk 0. */
          g_snprintf (national_buf, sizeof national_buf, "%s%s",
                      g_str_equal (calling_codes[i], "1") ? "" : "0", digits + code_len);
          add_token (tokens, national_buf);
          return;
        }
    }
}

/**
 * clt_search_fold:
 * @text: (nullable): words as written: a name, an address, a city, an id, or what was typed
 * @mode: %CLT_SEARCH_FOLD_INDEX for the words a profile is found by (with their variants),
 *   %CLT_SEARCH_FOLD_QUERY for the words searched for (each must match as a prefix)
 * @tokens: (element-type utf8): where the folded words are appended, each once
 */
void
clt_search_fold (const char        *text,
                 CltSearchFoldMode  mode,
                 GPtrArray         *tokens)
{
  Tokens sink = { tokens, NULL };

  g_return_if_fail (tokens != NULL);

  fold_into (text, mode, &sink);
}

/**
 * clt_search_fold_phone:
 * @phone: a number in E.164 ("+49171234567") or as written
 * @tokens: (element-type utf8): where its digits are appended: international ("49171234567")
 *   and national ("0171234567")
 */
void
clt_search_fold_phone (const char *phone,
                       GPtrArray  *tokens)
{
  Tokens sink = { tokens, NULL };

  g_return_if_fail (tokens != NULL);

  fold_phone_into (phone, &sink);
}

/**
 * clt_search_fold_append:
 * @words: where the words go, each followed by a space; it must start with a space
 * @phone: fold @text as a phone number (clt_search_fold_phone ())
 *
 * As clt_search_fold () with %CLT_SEARCH_FOLD_INDEX, into one string: for indexing many.
 */
void
clt_search_fold_append (const char *text,
                        gboolean    phone,
                        GString    *words)
{
  Tokens sink = { NULL, words };

  g_return_if_fail (words != NULL && words->len > 0 && words->str[0] == ' ');

  if (phone)
    fold_phone_into (text, &sink);
  else
    fold_into (text, CLT_SEARCH_FOLD_INDEX, &sink);
}

/**
 * clt_search_build_query:
 * @text: (nullable): what was typed
 *
 * Returns: (transfer full) (nullable): an FTS5 query for profile_search in which every folded
 *   word must match as a prefix, or %NULL when @text has no words
 */
char *
clt_search_build_query (const char *text)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  GString *query;

  clt_search_fold (text, CLT_SEARCH_FOLD_QUERY, tokens);
  if (tokens->len == 0)
    return NULL;

  query = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      /* Tokens hold letters, digits and . @ _ + - only: nothing to escape in the quotes. */
      g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "", (const char *) g_ptr_array_index (tokens, i));
    }

  return g_string_free (query, FALSE);
}
