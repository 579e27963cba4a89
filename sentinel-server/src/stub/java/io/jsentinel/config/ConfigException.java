package io.jsentinel.config;

/**
 * TEMPORARY STAND-IN (sentinel-server/src/stub, compiled only while sentinel-core has no ConfigLoader):
 * the real class comes from the config branch. Its message is Redis' complete error text.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
