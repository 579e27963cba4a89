/** sentinel.conf: tokenizer, parser with file:line errors, model, atomic rewrite. */
package io.jsentinel.config;
