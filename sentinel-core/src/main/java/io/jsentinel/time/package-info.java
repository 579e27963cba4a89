/** Time sources: production clocks here, a fake clock in the test-jar. */
package io.jsentinel.time;
