// posd checked against what it did not write, on one demo store: GTIN forms (npm gtin,
// python3-stdnum), GS1 labels (python3-stdnum), HTTP framing (raw sockets), pinyin
// (go-pinyin's command).
import './gtin.mjs';
import './gs1.mjs';
import './http.mjs';
import './pinyin.mjs';
