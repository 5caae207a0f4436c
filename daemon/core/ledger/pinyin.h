/* Each Chinese character's most common reading in pinyin, without its tone (ü written v),
 * for the product search. Defined in the build's gen/pinyin.c, which tools/gen-pinyin
 * makes from go-pinyin's Unihan-based table. */
#ifndef POSD_PINYIN_H
#define POSD_PINYIN_H

#include <stddef.h>
#include <stdint.h>

#define PINYIN_SYLLABLE_MAX 6 /* letters (zhuang): tools/gen-pinyin holds the table to it */

extern const size_t pinyin_count;
extern const uint32_t pinyin_table_id; /* changes with the readings */
extern const char *const pinyin_syllables[];
extern const uint32_t pinyin_chars[]; /* pinyin_count characters, in order */
extern const uint16_t pinyin_of[];    /* each one's syllable, by its number */

#endif
