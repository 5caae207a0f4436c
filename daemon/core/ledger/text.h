/* Text in places of a fixed size: cut only between characters, and never anything but
 * UTF-8 out, whatever came in (a name stored by an old build, bytes from a device). */
#ifndef POSD_TEXT_H
#define POSD_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length of the valid UTF-8 character that starts s (n bytes there), 1 to 4; 0 when
 * s starts with no valid character (a stray byte, an overlong form, a surrogate). */
size_t utf8_char_len(const char *s, size_t n);

bool utf8_valid(const char *s, size_t n);

/* The bytes of the longest start of s, at most max, that ends between two characters
 * (a byte that is no character counts as one of its own). */
size_t utf8_fit(const char *s, size_t max);

/* Copy as much of src as fits in dst (size bytes, with its NUL) without splitting a
 * character; each byte that is no character becomes '?'. dst is always valid UTF-8.
 * Returns the bytes written. size 0 writes nothing; src NULL is "". */
size_t utf8_cut(char *dst, size_t size, const char *src);

/* snprintf, then utf8_cut's rule on what it wrote. Returns the bytes written. */
size_t utf8_printf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t utf8_vprintf(char *dst, size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* Text as the product search indexes it and reads a query: full-width ASCII (as a
 * Chinese input method types it) as ASCII, the ideographic space as a space, and each
 * Chinese or Japanese character a word of its own, for those names run their words
 * together. Bytes that are no character pass as they are. Writes at most size bytes with
 * the NUL, cut between characters; 3 * strlen(src) + 1 always suffices. Returns the bytes
 * written. */
size_t text_search_words(char *dst, size_t size, const char *src);

/* The words a Chinese name is typed as in pinyin, for the product search: from each
 * character that has a reading, through the characters with one after it (8 at most),
 * their syllables run together and, for two or more, their first letters. 可口可乐 gives
 * "kekoukele kkkl koukele kkl kele kl le": "kele" and "kl" find it, and so does "kk". A
 * character with several readings is read its most common way; ü is written v. Writes
 * at most size bytes with the NUL, whole words only; 20 * strlen(src) + 1 always
 * suffices. Returns the bytes written. */
size_t text_pinyin_words(char *dst, size_t size, const char *src);

/* Which words the two above make of a text: another build may make others (a newer table
 * of readings), and a store's search index made by one is then made again. */
uint32_t text_words_id(void);

#endif
