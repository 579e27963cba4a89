/**
 * Failure detection (protocol doc §5.1-5.3, §11.1): TILT, subjective and objective down, stuck links, asking the
 * peers IS-MASTER-DOWN-BY-ADDR. The decisions are pure rules ({@code TiltRule}, {@code SubjectiveDownRule},
 * {@code StuckLinkRule}, {@code ObjectiveDownRule}, {@code MasterSanityRule}): plain inputs in, a decision with
 * its reason out, tested table by table. {@code Detector} applies them: sets the flags, emits, asks, reopens.
 *
 * <p>May use {@code monitor} to send and close; reaches the failover only through {@code Detector.Reactions}.
 */
package io.jsentinel.detect;
