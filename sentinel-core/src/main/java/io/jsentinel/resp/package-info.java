/** RESP2/RESP3 values, encoder and bounded incremental decoder. */
package io.jsentinel.resp;
